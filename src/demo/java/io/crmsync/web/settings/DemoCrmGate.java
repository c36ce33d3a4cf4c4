package io.crmsync.web.settings;

import jakarta.servlet.annotation.WebFilter;

/**
 * The settings page's gate (administrator login, CSRF check on POST, language) in front of the
 * demo's stand-in CRM page; the product WAR has no such page, so its gate does not name it.
 */
@WebFilter("/demo-crm")
public class DemoCrmGate extends SettingsGate {}
