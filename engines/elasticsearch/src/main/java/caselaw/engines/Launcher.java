package caselaw.engines;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.elasticsearch.Build;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one single-node Elasticsearch cluster in this JVM, for tests and local development only.
 *
 * <p>Usage: {@code Launcher HOME HTTP_PORT [LOG_FILE]}; see ../README.md. Only the server jar and the netty4
 * transport are published on Maven Central, so this node has core analysis only (no language analyzers, no
 * asciifolding), no painless, no reindex and no {@code GET /}. Constructing the node directly skips the
 * bootstrap (no bootstrap checks, no SecurityManager/entitlements): never use it for anything but a throwaway node.
 */
public final class Launcher {
    static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class // the HTTP and transport layer
    );

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Launcher HOME HTTP_PORT [LOG_FILE]");
            System.exit(2);
        }
        long started = System.nanoTime();
        Path home = Path.of(args[0]).toAbsolutePath();
        int httpPort = Integer.parseInt(args[1]);
        configureLogging(args.length > 2 ? args[2] : null);
        Files.createDirectories(home);

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("node.name", "caselaw-elasticsearch")
            .put("cluster.name", "caselaw-test")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", System.getProperty("caselaw.transport.port", "9300-9399"))
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "caselaw-elasticsearch");

        Node node = new ClasspathNode(environment, PLUGINS);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                LogManager.getLogger(Launcher.class).info("stopping node");
                node.prepareForClose();
                node.close();
                if (!node.awaitClose(20, TimeUnit.SECONDS)) {
                    LogManager.getLogger(Launcher.class).warn("node did not close within 20s");
                }
                LogManager.getLogger(Launcher.class).info("node stopped");
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
                LogManager.shutdown();
            }
        }, "caselaw-engine-shutdown"));

        try {
            node.start();
        } catch (Throwable e) {
            LogManager.getLogger(Launcher.class).error("node failed to start", e);
            System.err.println("node failed to start: " + e);
            System.exit(1);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String ready = "caselaw-engine ready: elasticsearch " + Build.current().version() + " http://127.0.0.1:" + httpPort
            + " home=" + home + " in " + millis + " ms";
        LogManager.getLogger(Launcher.class).info(ready);
        System.out.println(ready);
        System.out.flush();
        closed.await(); // keep the JVM alive until SIGTERM runs the hook
    }

    /** A plain log4j2 configuration: INFO to LOG_FILE (appended), or to stdout when none is given. */
    static void configureLogging(String logFile) {
        System.setProperty("log4j2.shutdownHookEnabled", "false"); // our hook shuts log4j down after the node
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.WARN);
        b.setConfigurationName("caselaw-engine");
        var layout = b.newLayout("PatternLayout").addAttribute("pattern", "[%d{ISO8601}][%-5p][%c{1.}] %m%n");
        if (logFile != null) {
            b.add(b.newAppender("out", "File").addAttribute("fileName", logFile).addAttribute("append", true).add(layout));
        } else {
            b.add(b.newAppender("out", "Console").addAttribute("target", "SYSTEM_OUT").add(layout));
        }
        b.add(b.newRootLogger(Level.INFO).add(b.newAppenderRef("out")));
        b.add(b.newLogger("org.elasticsearch.deprecation", Level.ERROR));
        Configurator.initialize(b.build());
        LogConfigurator.configureESLogging(); // routes org.elasticsearch.logging to log4j
    }
}
