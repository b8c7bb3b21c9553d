package org.tmsct.client.cli;

import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.hyperledger.fabric.client.identity.Identities;
import org.tmsct.core.login.LoginSigner;
import org.tmsct.gateway.config.ConfigException;
import org.tmsct.gateway.config.OrgConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Staff login to a trace server with the organisation's certificate: signs the login message with
 * the identity's own key. The key never leaves this machine; the server sees a signature.
 */
@Command(
        name = "web-login",
        mixinStandardHelpOptions = true,
        description = {
            "Sign a staff login for a trace server with this identity's certificate (--identity).",
            "Prints the signed login JSON to paste into the server's /login page (good once, for 2"
                    + " minutes); with --session, logs in over the API and prints the session token"
                    + " for 'Authorization: Bearer <token>'."
        })
final class WebLoginCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Option(
            names = "--server",
            required = true,
            description =
                    "The trace server's URL, exactly as you reach it (e.g. http://127.0.0.1:7061).")
    String server;

    @Option(names = "--session", description = "Log in now and print the session token.")
    boolean session;

    @Override
    public Integer call() throws Exception {
        String audience = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        if (!audience.matches("https?://[^/\\s]+")) {
            System.err.println(
                    "error: --server is an origin such as http://127.0.0.1:7061, got " + server);
            return TmsctCli.EXIT_USAGE;
        }
        OrgConnection.IdentityFiles files =
                OrgConnection.load(root.stateDir, root.orgName()).identity(root.identity);
        String cert = Files.readString(Path.of(files.certificate()));
        PrivateKey key;
        try (var reader = Files.newBufferedReader(Path.of(files.privateKey()))) {
            key = Identities.readPrivateKey(reader);
        } catch (java.security.InvalidKeyException e) {
            throw new ConfigException(
                    "cannot read the key of " + root.identity + ": " + e.getMessage());
        }
        String body = LoginSigner.loginBody(key, cert, audience, Instant.now(), new SecureRandom());
        if (!session) {
            System.out.println(body);
            return 0;
        }
        HttpResponse<String> r =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .build()
                        .send(
                                HttpRequest.newBuilder(URI.create(audience + "/api/session"))
                                        .timeout(Duration.ofSeconds(30))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        var answer = JsonParser.parseString(r.body()).getAsJsonObject();
        if (r.statusCode() != 200) {
            System.err.println(
                    "error: login refused ("
                            + r.statusCode()
                            + " "
                            + answer.get("error").getAsString()
                            + "): "
                            + answer.get("message").getAsString());
            return TmsctCli.EXIT_FAILED;
        }
        System.out.println(answer.get("token").getAsString());
        return 0;
    }
}
