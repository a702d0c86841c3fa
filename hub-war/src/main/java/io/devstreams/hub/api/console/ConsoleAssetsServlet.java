package io.devstreams.hub.api.console;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Serves the console's page ({@code /console/}) and its assets ({@code /console/assets/NAME}) from
 * {@code WEB-INF/console} in the WAR, read once at start: plain HTML, CSS and JavaScript modules,
 * nothing from elsewhere. Only the files found there are served (a name is never a path), each with
 * its type, an ETag and {@code Cache-Control: no-cache}, so a new hub's files are fetched at once.
 */
@WebServlet(
    urlPatterns = {"/console", "/console/", "/console/assets/*"},
    loadOnStartup = 1)
public class ConsoleAssetsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Where the files lie in the WAR. */
  static final String ROOT = "/WEB-INF/console/";

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png");

  private record Asset(byte[] bytes, String type, String etag) {}

  private final Map<String, Asset> assets = new HashMap<>();

  @Override
  public void init() throws ServletException {
    Set<String> paths = getServletContext().getResourcePaths(ROOT);
    if (paths == null) {
      throw new ServletException("the console's files are missing from the WAR (" + ROOT + ")");
    }
    for (String path : paths) {
      String name = path.substring(ROOT.length());
      String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
      if (type != null && !name.contains("/")) {
        try (InputStream in = getServletContext().getResourceAsStream(path)) {
          byte[] bytes = in.readAllBytes();
          assets.put(name, new Asset(bytes, type, etag(bytes)));
        } catch (IOException e) {
          throw new ServletException("cannot read the console's " + name, e);
        }
      }
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String servletPath = req.getServletPath();
    if (servletPath.equals("/console")) {
      res.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
      res.setHeader("Location", "/console/");
      return;
    }
    String name = servletPath.equals("/console/assets") ? strip(req.getPathInfo()) : "index.html";
    Asset asset = name == null ? null : assets.get(name);
    if (asset == null) {
      res.setStatus(HttpServletResponse.SC_NOT_FOUND);
      res.setContentType("text/plain; charset=utf-8");
      res.getOutputStream().write("not found\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("ETag", asset.etag());
    if (asset.etag().equals(req.getHeader("If-None-Match"))) {
      res.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    res.setContentType(asset.type());
    res.setContentLength(asset.bytes().length);
    res.getOutputStream().write(asset.bytes());
  }

  private static String strip(String pathInfo) {
    return pathInfo == null || pathInfo.length() < 2 ? null : pathInfo.substring(1);
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
