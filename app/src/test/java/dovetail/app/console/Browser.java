package dovetail.app.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through chromedriver: Debian's packages {@code chromium} and {@code chromium-driver}
 * (or the paths in {@code DOVETAIL_TEST_CHROMIUM} and {@code DOVETAIL_TEST_CHROMEDRIVER}). Tests that need it
 * are skipped ({@link Required}), with a message saying what to install, where either is missing. The network
 * stays closed: the flags keep Chromium from calling out, so every asset must come from Dovetail.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(env("DOVETAIL_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(env("DOVETAIL_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final int WIDE = 1280;
    static final int PHONE = 390;

    private final ChromeDriver driver;
    private final Path profile;
    private final WebDriverWait wait;
    private int width = WIDE;
    private int height = 900;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, PATIENCE);
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Skips each test, saying why, where there is no Chromium or chromedriver to drive; the way Testcontainers
     * skips without Docker, before the application starts for nothing.
     */
    static final class Required implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (installed() || context.getTestMethod().isEmpty()) {
                return ConditionEvaluationResult.enabled("a browser to drive, or not a test");
            }
            return ConditionEvaluationResult.disabled("Browser test skipped: no Chromium at " + CHROMIUM
                    + " or no chromedriver at " + CHROMEDRIVER + " (install Debian's chromium and chromium-driver, "
                    + "or set DOVETAIL_TEST_CHROMIUM and DOVETAIL_TEST_CHROMEDRIVER)");
        }
    }

    static Browser start() throws IOException {
        Path profile = Files.createTempDirectory("dovetail-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=en-US", "--window-size=" + WIDE + ",900",
                "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens the console at a page (e.g. {@code #/things}) with no token remembered. */
    void openSignedOut(String base) {
        driver.get(base + "/console/");
        driver.executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        await(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    }

    /** Signs in with the token and waits until the console shows who it is. */
    void signIn(String base, String token) {
        openSignedOut(base);
        WebElement input = driver.findElement(By.id("token"));
        input.sendKeys(token);
        input.submit();
        await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".session .viewer")));
    }

    /** Opens a page of the console (e.g. {@code #/things}) and waits until it has rendered. */
    void go(String hash) {
        driver.executeScript("location.hash = arguments[0]", hash);
        await(d -> hash.equals(((JavascriptExecutor) d).executeScript(
                "return document.getElementById('main').dataset.rendered")));
    }

    <T> T await(ExpectedCondition<T> condition) {
        return wait.until(condition);
    }

    WebElement find(By by) {
        return await(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * Lays the page out at this size. Chromium keeps a headless window at least 500 px wide, so this emulates the
     * size instead (as a desktop window, so nothing widens the layout to fit content the way a phone would).
     */
    void resize(int width, int height) {
        this.width = width;
        this.height = height;
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        await(d -> ((Number) ((JavascriptExecutor) d).executeScript("return window.innerWidth")).intValue() == width);
    }

    /** How far the page is wider than the window: 0 when nothing makes it scroll sideways. */
    int horizontalOverflow() {
        return ((Number) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue();
    }

    /** What the page wrote to the browser's console at level SEVERE (script errors, refused requests, CSP). */
    List<String> errors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                     .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                     .map(LogEntry::getMessage).toList();
    }

    /**
     * Saves the whole page (the window grown to the page's height) as {@code <name>.png} in the folder named by
     * {@code -Ddovetail.console.screenshots} (relative to the repository), else under {@code target/}.
     */
    void screenshot(String name) {
        long page = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
        int width = this.width;
        int height = this.height;
        resize(width, (int) Math.max(height, Math.min(page, 3000)));
        try {
            Path folder = screenshots();
            Files.createDirectories(folder);
            Files.write(folder.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            resize(width, height);
        }
    }

    private static Path screenshots() {
        String asked = System.getProperty("dovetail.console.screenshots");
        if (asked == null || asked.isBlank()) {
            return Path.of("target", "console-screenshots");
        }
        return Path.of(System.getProperty("dovetail.repository.root", "..")).resolve(asked);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
