/**
 * The settings page ("Настройки → Дополнительно → Синхронизация"): server-rendered HTML for
 * administrators, in Russian and English. Servlets are thin (parse, one call to the admin
 * services, redirect or render); the views are small classes that escape everything they print.
 * {@link io.crmsync.web.settings.SettingsGate} guards every page (login, CSRF, language).
 */
package io.crmsync.web.settings;
