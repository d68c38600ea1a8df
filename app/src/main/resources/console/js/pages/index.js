import { overview } from './overview.js';
import { task } from './task.js';
import { newTask, editTask } from './task-form.js';
import { deadLetters, taskDeadLetters } from './dead-letters.js';
import { things } from './things.js';
import { thing } from './thing.js';
import { migration } from './migration.js';

/**
 * Every page of the console, in the order their paths are tried (tasks/new before tasks/:id). A page is a path
 * with :parameters, a title, the nav section it belongs to (and a nav label if it has its own entry), and a
 * render({ api, feed, can, viewer, view, params }) that answers a function releasing what it holds.
 * A new page is one more module and one more entry here.
 */
export const pages = [overview, newTask, editTask, task, deadLetters, taskDeadLetters, things, thing, migration];
