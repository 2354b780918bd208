// Package tokens owns API tokens: the token string, issuing, editing, regenerating, revoking
// and deleting them, their IP whitelists, and verifying a presented token (with a cache on
// the hot path).
package tokens
