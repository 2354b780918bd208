DROP TABLE sessions;
--bun:split
DROP TABLE audit_events;
--bun:split
DROP TABLE login_throttle;
--bun:split
DROP TABLE users;
--bun:split
DROP TABLE role_permissions;
--bun:split
DROP TABLE roles;
--bun:split
DROP TABLE permissions;
--bun:split
DROP TABLE modules;
