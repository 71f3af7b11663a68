package caselaw.engines;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.opensearch.Version;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one single-node OpenSearch cluster in this JVM, for tests and local development only.
 *
 * <p>Usage: {@code Launcher HOME HTTP_PORT [LOG_FILE]}. HOME becomes {@code path.home} (data lives under it),
 * the node binds to 127.0.0.1 only, and SIGTERM closes it cleanly. Plugins come from the classpath (the jars
 * that {@code mvn dependency:copy-dependencies} put in {@code lib/}); no {@code modules/} or {@code plugins/}
 * folders are created, so no jar-hell scan runs. Constructing {@link Node} directly skips the bootstrap
 * (no bootstrap checks, no SecurityManager): never use this for anything but a throwaway local node.
 */
public final class Launcher {
    /** The plugins a distribution would load as modules; each is one jar in lib/. */
    static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class,          // the HTTP and transport layer
        CommonAnalysisPlugin.class,  // language analyzers, asciifolding, stemmers, synonyms
        PainlessPlugin.class,        // scripts
        MapperExtrasPlugin.class,    // scaled_float, rank_feature, search_as_you_type, ...
        ReindexPlugin.class          // _reindex, _update_by_query, _delete_by_query
    );

    /** Node.java's constructor that takes classpath plugins is protected. */
    static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

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
            .put("node.name", "caselaw-opensearch")
            .put("cluster.name", "caselaw-test")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", System.getProperty("caselaw.transport.port", "9300-9399"))
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "caselaw-opensearch");

        Node node = new ClasspathNode(environment, PLUGINS);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                LogManager.getLogger(Launcher.class).info("stopping node");
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
        String ready = "caselaw-engine ready: opensearch " + Version.CURRENT + " http://127.0.0.1:" + httpPort
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
        b.add(b.newLogger("org.opensearch.deprecation", Level.ERROR));
        Configurator.initialize(b.build());
    }
}
