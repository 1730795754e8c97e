package it.io.heal8s.server.arquillian;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The Arquillian server's configuration keeps in step with the application's own server.xml. */
class ArquillianServerConfigTest {

    private static final Path APPLICATION_SERVER = Path.of("src/main/liberty/config/server.xml");
    private static final Path ARQUILLIAN_SERVER = Path.of("src/test/arquillian/server.xml");

    @Test
    void theArquillianServerHasEveryFeatureOfTheApplicationsServerPlusWhatArquillianNeeds() throws Exception {
        List<String> application = features(APPLICATION_SERVER);
        List<String> arquillian = features(ARQUILLIAN_SERVER);

        assertThat(application).isNotEmpty();
        assertThat(arquillian)
                .as("features of %s (add a feature there when adding it to %s)", ARQUILLIAN_SERVER, APPLICATION_SERVER)
                .containsAll(application)
                .contains("servlet-6.0", "localConnector-1.0");
    }

    @Test
    void theArquillianServerListensOnItsOwnPortVariable() throws Exception {
        Document server = parse(ARQUILLIAN_SERVER);
        Element endpoint = (Element) server.getElementsByTagName("httpEndpoint").item(0);

        // The plugin writes the IT server's http.port into every server it creates.
        assertThat(endpoint.getAttribute("httpPort")).isEqualTo("${heal8s.arquillian.http.port}");
        assertThat(server.getElementsByTagName("applicationMonitor").item(0).getAttributes()
                .getNamedItem("updateTrigger").getNodeValue()).isEqualTo("mbean");
    }

    private static List<String> features(Path serverXml) throws Exception {
        NodeList nodes = parse(serverXml).getElementsByTagName("feature");
        List<String> features = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            features.add(nodes.item(i).getTextContent().strip());
        }
        return features;
    }

    private static Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }
}
