package org.certvpn.config.classic;

import java.util.List;
import java.util.Objects;

/** A parsed {@code xl2tpd.conf}: its sections in file order. */
public record Xl2tpdConf(List<Section> sections) {
    public Xl2tpdConf {
        sections = List.copyOf(sections);
    }

    /**
     * {@code [global]}, {@code [lns NAME]} or {@code [lac NAME]}.
     *
     * @param kind {@code global}, {@code lns} or {@code lac}
     * @param name the section name ({@code default} for {@code [lns default]}); empty for global
     */
    public record Section(String kind, String name, String file, int line, List<Setting> settings) {
        public Section {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(file, "file");
            settings = List.copyOf(settings);
        }
    }
}
