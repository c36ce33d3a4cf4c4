package io.crmsync.transport.folder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny FTP server that answers from a script of recorded replies: each command line (exactly, or
 * by its verb) maps to a control reply and, for listing and transfer commands, the data sent over
 * a passive (EPSV or PASV) data connection. Commands it has no answer for get 500, as a server that
 * does not know them. It records every command it received.
 */
final class ScriptedFtpServer implements AutoCloseable {
  /** A recorded answer: the control reply and, when not null, the data of a transfer. */
  record Answer(String reply, String data) {
    static Answer of(String reply) {
      return new Answer(reply, null);
    }

    static Answer listing(String... lines) {
      return new Answer("226 Transfer complete.", lines.length == 0 ? "" : String.join("\r\n", lines) + "\r\n");
    }
  }

  /** Answers in turn; the last one stays. */
  private final Map<String, java.util.Deque<Answer>> script = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final ServerSocket control;
  private final Thread thread;
  private ServerSocket data;

  ScriptedFtpServer(String feat) throws IOException {
    control = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    on("USER", "331 Password please.");
    on("PASS", "230 Logged in.");
    on("TYPE I", "200 Binary.");
    on("SYST", "215 UNIX Type: L8");
    on("FEAT", feat);
    on("QUIT", "221 Bye.");
    thread = new Thread(this::serve, "scripted-ftp");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return control.getLocalPort();
  }

  /** Answers {@code command} (a whole line, or a verb for any line starting with it). */
  ScriptedFtpServer on(String command, String reply) {
    return on(command, Answer.of(reply));
  }

  ScriptedFtpServer on(String command, Answer answer) {
    script.put(command, new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(answer)));
    return this;
  }

  /** Answers {@code command} with each reply in turn, then with the last one. */
  ScriptedFtpServer onInTurn(String command, Answer... answers) {
    script.put(command, new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(answers)));
    return this;
  }

  private Answer next(String key) {
    java.util.Deque<Answer> answers = script.get(key);
    if (answers == null) {
      return null;
    }
    return answers.size() > 1 ? answers.poll() : answers.peek();
  }

  List<String> received() {
    return List.copyOf(received);
  }

  private void serve() {
    while (!control.isClosed()) {
      session();
    }
  }

  /** One client session; the next client is served after it (one at a time). */
  private void session() {
    try (Socket s = control.accept();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        Writer out = new java.io.OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8)) {
      send(out, "220 Scripted.");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        received.add(line);
        answer(line, out);
      }
    } catch (IOException e) {
      // the client went away: the script ends
    }
  }

  private void answer(String line, Writer out) throws IOException {
    String verb = line.split(" ", 2)[0].toUpperCase();
    if (verb.equals("EPSV") || verb.equals("PASV")) {
      data = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      int p = data.getLocalPort();
      send(out, verb.equals("EPSV") ? "229 Extended Passive Mode (|||" + p + "|)"
          : "227 Passive Mode (127,0,0,1," + (p >> 8) + "," + (p & 255) + ")");
      return;
    }
    Answer a = next(line);
    a = a != null ? a : next(verb);
    a = a != null ? a : Answer.of("500 Unknown command.");
    if (a.data() == null || !a.reply().startsWith("2")) {
      send(out, a.reply());
      return;
    }
    send(out, "150 Here comes the data.");
    try (ServerSocket d = data; Socket conn = d.accept(); OutputStream o = conn.getOutputStream()) {
      if (verb.equals("STOR")) {
        conn.getInputStream().readAllBytes();
      } else {
        o.write(a.data().getBytes(StandardCharsets.UTF_8));
      }
    }
    send(out, a.reply());
  }

  private static void send(Writer out, String reply) throws IOException {
    out.write(reply.replace("\n", "\r\n") + "\r\n");
    out.flush();
  }

  @Override
  public void close() throws IOException {
    control.close();
    if (data != null) {
      data.close();
    }
  }
}
