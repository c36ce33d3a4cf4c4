/**
 * The JVM's entry point for a program in Payara Micro (not part of the WAR): boots the server and ends
 * the JVM with a non-zero status when the boot fails.
 */
package io.crmsync.launch;
