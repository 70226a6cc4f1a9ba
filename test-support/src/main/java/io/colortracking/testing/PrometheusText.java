package io.colortracking.testing;

/** Reads samples out of a {@code /q/metrics} answer (Prometheus text format). */
public final class PrometheusText {

    private PrometheusText() {}

    /**
     * @param sample the name with its labels as printed, e.g. {@code my_total{reason="x"}}
     * @return its value, or 0 when absent
     */
    public static double value(String metrics, String sample) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }
}
