package io.crmsync.web;

import io.crmsync.admin.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Locale;

/** Reads request bodies strictly: a JSON object whose members have the expected types. */
final class JsonIn {
  private JsonIn() {}

  static JsonObject parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest("a JSON object is required as the request body");
    }
    try (JsonReader r = Json.createReader(new StringReader(body))) {
      return r.readObject();
    } catch (RuntimeException e) {
      throw ApiException.badRequest("the request body is not a JSON object: " + e.getMessage());
    }
  }

  static String string(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    throw ApiException.badRequest(name + " must be a string");
  }

  static Integer integer(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    try {
      if (v instanceof JsonNumber n) {
        return n.intValueExact();
      }
      if (v instanceof JsonString s && !s.getString().isBlank()) {
        return Integer.parseInt(s.getString().trim());
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // falls through to the message below
    }
    throw ApiException.badRequest(name + " must be a whole number");
  }

  static <E extends Enum<E>> E enumValue(JsonObject o, String name, Class<E> type) {
    String s = string(o, name);
    if (s == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder allowed = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name());
      }
      throw ApiException.badRequest(name + " must be one of " + allowed + " (got " + s + ")");
    }
  }

  /** A nested object member, or null if absent. */
  static JsonObject object(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v instanceof JsonObject obj) {
      return obj;
    }
    throw ApiException.badRequest(name + " must be a JSON object");
  }

  static Boolean bool(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
      return v == JsonValue.TRUE;
    }
    throw ApiException.badRequest(name + " must be true or false");
  }
}
