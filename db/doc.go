// Every table has one owner, the only domain package that reads or writes it; another domain
// asks the owner through an exported function, so a rule about the rows (who may see them,
// which partner they belong to) is kept in one place:
//
//	modules, permissions, roles, role_permissions, users,
//	login_addresses, login_throttle, login_codes           server/access
//	tokens, token_secrets, whitelist_entries               server/tokens
//	partners, applications                                 server/partners
//	approval_requests                                      server/approvals
//	notifications, sent_emails                             server/notify
//	settings                                               server/settings
//	audit_events, audit_actors                             server/audit
//	signing_keys, sign_ins, refresh_tokens                 server/signin
//	sessions                                               server/web (scs)
//	river_*                                                server/jobs (River)
//
// Still to move to their owners: approvals reads whitelist entries and records their
// decision in its own transaction, partners counts the users and tokens of a partner, and
// metrics counts the pending whitelist entries.
package db
