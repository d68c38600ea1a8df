import { uPlot } from './vendor.js';
import { WINDOW_SECONDS } from './tasks.js';

const THROUGHPUT = '#1d4ed8';
const LAG = '#b45309';

const atLeastOne = (u, min, max) => [0, Math.max(1, max ?? 1)];
/** From the first sample (a minute at least, five at most) to the newest, so a young chart is not a sliver. */
const lastMinutes = (u, min, max) => {
    const end = max ?? Date.now() / 1000;
    return [end - Math.min(WINDOW_SECONDS, Math.max(60, end - (min ?? end))), end];
};

/**
 * A task's last minutes: throughput (events per second) and lag (events), each on its own scale. Compact on a
 * card, with axes and a legend on the task's page. The numbers are also on the page as text; the chart is a
 * picture of them, hidden from screen readers.
 */
export class TaskChart {
    constructor(container, { compact = false } = {}) {
        this.container = container;
        container.setAttribute('aria-hidden', 'true');
        const axis = { stroke: '#475569', grid: { stroke: '#e2e8f0' }, ticks: { stroke: '#e2e8f0' } };
        this.plot = new uPlot({
            width: Math.max(120, container.clientWidth),
            height: compact ? 56 : 220,
            legend: { show: !compact },
            cursor: { show: !compact, drag: { x: false, y: false } },
            select: { show: false },
            scales: { x: { time: true, range: lastMinutes }, rate: { range: atLeastOne }, lag: { range: atLeastOne } },
            axes: compact
                ? [{ show: false }, { show: false, scale: 'rate' }, { show: false, scale: 'lag' }]
                : [{ ...axis }, { ...axis, scale: 'rate', label: 'events/s' },
                    { ...axis, scale: 'lag', side: 1, label: 'lag (events)', grid: { show: false } }],
            series: [
                {},
                { label: 'Throughput (events/s)', scale: 'rate', stroke: THROUGHPUT, width: 1.5,
                    fill: 'rgba(29, 78, 216, 0.08)', points: { show: false } },
                { label: 'Lag (events)', scale: 'lag', stroke: LAG, width: 1.5, points: { show: false } },
            ],
        }, [[], [], []], container);
        this.resizing = new ResizeObserver(() => {
            const width = Math.max(120, container.clientWidth);
            if (width !== this.plot.width) {
                this.plot.setSize({ width, height: this.plot.height });
            }
        });
        this.resizing.observe(container);
    }

    update(data) {
        this.plot.setData(data);
    }

    destroy() {
        this.resizing.disconnect();
        this.plot.destroy();
    }
}
