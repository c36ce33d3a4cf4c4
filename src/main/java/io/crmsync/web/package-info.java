/**
 * The web side: the admin JSON API ({@code /api/admin}, administrators only), the peer endpoint
 * ({@code /api/peer}, signed with the sync password), health, and later the settings page.
 * Resources are thin: parse and validate the request, make one call, shape the answer.
 */
package io.crmsync.web;
