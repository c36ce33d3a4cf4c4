/** crm-sync: keeps chosen tables and fields of several CRM programs in sync. */
package io.crmsync;
