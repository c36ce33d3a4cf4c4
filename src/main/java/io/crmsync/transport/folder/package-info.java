/**
 * The LOCAL and FTP transports: each side writes its batches as signed files into its upload
 * folder (under a temporary name, renamed when complete) and reads the peer's from its download
 * folder; acknowledgements travel back as a signed ack file through the opposite folder.
 */
package io.crmsync.transport.folder;
