/**
 * Configuration keys of crm-sync and their lookup (MicroProfile Config, system properties,
 * environment). At the bottom of the package order, beside {@code core}: every stage may read a
 * setting, and reading one needs nothing else of crm-sync.
 */
package io.crmsync.settings;
