/**
 * Peer security: keys derived from sync passwords (the passwords themselves are never stored or
 * sent), request and response signatures, and refusal of replayed requests.
 */
package io.crmsync.security;
