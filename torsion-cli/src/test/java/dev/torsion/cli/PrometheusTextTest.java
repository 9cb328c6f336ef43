package dev.torsion.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict parser itself: what the text format allows parses, each fault it names is refused. */
class PrometheusTextTest {

    @Test
    void aWellFormedExpositionParses() {
        PrometheusText p = PrometheusText.parse("""
                # HELP requests_total Requests served.\\nSecond line with \\\\ backslash
                # TYPE requests_total counter
                requests_total{code="200",path="/a \\"b\\""} 1027 1395066363000
                requests_total{code="400",path="/"} 3
                # a free comment
                # TYPE lag_seconds summary
                lag_seconds{quantile="0.5"} 0.001
                lag_seconds_sum 1.5
                lag_seconds_count 30

                # TYPE size_bytes histogram
                size_bytes_bucket{le="1024"} 2
                size_bytes_bucket{le="+Inf"} 3
                size_bytes_sum 5000
                size_bytes_count 3
                temperature NaN
                """);
        assertThat(p.value("requests_total", Map.of("code", "200"))).isEqualTo(1027);
        assertThat(p.families.get("requests_total").help).isEqualTo("Requests served.\nSecond line with \\ backslash");
        assertThat(p.families.get("lag_seconds").samples).hasSize(3);
        assertThat(p.value("requests_total", Map.of("path", "/a \"b\""))).isEqualTo(1027);
    }

    @Test
    void eachFaultIsRefused() {
        String[] bad = {
            "no_value\n",
            "9starts_with_digit 1\n",
            "x{9bad=\"1\"} 1\n",
            "x{__reserved=\"1\"} 1\n",
            "x{a=unquoted} 1\n",
            "x{a=\"bad \\t escape\"} 1\n",
            "x one\n",
            "x 1 12.5\n",
            "# TYPE x countr\nx 1\n",
            "x 1\n# TYPE x gauge\n",
            "# TYPE x gauge\n# TYPE x gauge\nx 1\n",
            "# HELP x a\n# HELP x b\nx 1\n",
            "x 1\ny 1\nx{a=\"1\"} 2\n",
            "x{a=\"1\"} 1\nx{a=\"1\"} 2\n",
            "# TYPE hits counter\nhits 1\n",
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",
            "# TYPE s summary\ns_sum 1\n",
            "x 1",
        };
        for (String text : bad) {
            assertThatThrownBy(() -> PrometheusText.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
