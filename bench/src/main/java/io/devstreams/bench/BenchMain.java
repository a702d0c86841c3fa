package io.devstreams.bench;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The measuring side of {@code bin/devstreams-bench}, one process per role:
 *
 * <pre>
 * servers                      the sink, source, echo and many targets; prints "bench servers
 *                              sink=P ..."
 * free-ports N                 prints N distinct free loopback ports, one a line
 * probe HOST:PORT [SECONDS]    waits until a byte echoes through HOST:PORT (exit 1 if it never does)
 * run --endpoints FILE --json FILE [--quick] [--only CASE,...] [--many S,C,B,R]
 *                              runs every case (or those named: bulk, round-trip, set-up, rate,
 *                              cold, isolation, idle, concurrent, many), prints the table,
 *                              writes the JSON; --many sizes case 9 (streams, connections,
 *                              chunk bytes, rounds), for runs by hand against --hold
 * </pre>
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage("no command");
    }
    switch (args[0]) {
      case "servers" -> Servers.run(System.out);
      case "free-ports" -> freePorts(args.length > 1 ? Integer.parseInt(args[1]) : 1);
      case "probe" -> System.exit(probe(args));
      case "run" -> System.exit(run(args));
      default -> usage("unknown command '" + args[0] + "'");
    }
  }

  private static void freePorts(int count) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        held.add(s);
      }
      held.forEach(s -> System.out.println(s.getLocalPort()));
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  private static int probe(String[] args) throws InterruptedException {
    if (args.length < 2) {
      usage("probe needs HOST:PORT");
    }
    String target = args[1];
    int colon = target.lastIndexOf(':');
    InetSocketAddress address =
        new InetSocketAddress(
            target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    long seconds = args.length > 2 ? Long.parseLong(args[2]) : 30;
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        long nanos = Latency.firstByte(address);
        System.out.printf("echo through %s in %.1f ms%n", target, nanos / 1e6);
        return 0;
      } catch (IOException e) {
        last = e.toString();
        Thread.sleep(200);
      }
    }
    System.err.println("bench: nothing echoes through " + target + ": " + last);
    return 1;
  }

  private static int run(String[] args) throws Exception {
    Path endpoints = null;
    Path json = null;
    boolean quick = false;
    Set<String> only = new HashSet<>();
    String many = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--endpoints" -> endpoints = Path.of(args[++i]);
        case "--json" -> json = Path.of(args[++i]);
        case "--quick" -> quick = true;
        case "--only" -> only.addAll(Arrays.asList(args[++i].split(",")));
        case "--many" -> many = args[++i];
        default -> usage("unknown option '" + args[i] + "'");
      }
    }
    if (endpoints == null || json == null) {
      usage("run needs --endpoints FILE and --json FILE");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(endpoints)) {
      properties.load(reader);
    }
    Settings settings = many == null ? Settings.of(quick) : Settings.of(quick).withMany(many);
    return new Suite(properties, settings, only, System.err).run(json, System.out);
  }

  private static void usage(String problem) {
    System.err.println("devstreams-bench: " + problem);
    System.err.println(
        "usage: java -jar devstreams-bench.jar servers | free-ports N | probe HOST:PORT [SECONDS]"
            + " | run --endpoints FILE --json FILE [--quick] [--only CASE,...] [--many S,C,B,R]");
    System.exit(2);
  }
}
