package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.common.settings.Settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A PluginsService whose plugins are classes already on the classpath, not bundles found in modules/ or plugins/.
 *
 * <p>It lives in Elasticsearch's package because {@code PluginsService.loadPlugin} and the {@code LoadedPlugin}
 * record are package-private. These internals change between minor versions: this file is written against the
 * exact version pinned in engines/elasticsearch/pom.xml (8.19.21) and need checking on any upgrade.
 */
public class ClasspathPluginsService extends PluginsService {
    private final List<LoadedPlugin> classpathPlugins;

    public ClasspathPluginsService(Settings settings, Collection<Class<? extends Plugin>> pluginClasses) {
        super(settings, null, emptyLoader());
        List<LoadedPlugin> loaded = new ArrayList<>(pluginClasses.size());
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin plugin = loadPlugin(pluginClass, settings, null);
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getName(),              // name
                "classpath plugin",                 // description
                "NA",                               // plugin version
                Build.current().version(),          // elasticsearch version
                "17",                               // java version
                pluginClass.getName(),              // class name
                null,                               // module name: not modular
                List.of(),                          // extended plugins
                false,                              // native controller
                false,                              // licensed
                false,                              // modular
                false                               // stable
            );
            loaded.add(new LoadedPlugin(descriptor, plugin, pluginClass.getClassLoader()));
        }
        this.classpathPlugins = List.copyOf(loaded);
    }

    /** A loader with no modules and no plugins, so the superclass scans nothing. */
    public static PluginsLoader emptyLoader() {
        return PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false);
    }

    @Override
    protected final List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }
}
