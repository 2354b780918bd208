// Package client verifies the tokens presented to a resource server with Keyward, for the
// resource servers of an organisation whose API tokens Keyward manages. It uses only the
// standard library.
//
// A Client asks Keyward's verify API (POST /api/v1/verify) about each token it has not seen
// lately, and caches the verdict per token and client IP. It follows Keyward's events
// stream (GET /api/v1/events), which tells it at once when a token is revoked, deleted,
// renewed or changed, when a sign-in ends, and when everything must be forgotten; so a
// cached verdict can be trusted for CacheTTL while the stream is live. Permission checks are
// made locally on the cached verdict, so one verdict serves every permission.
//
// Put Require in front of each handler, naming the permission it needs:
//
//	kw, err := client.New(client.Config{
//		BaseURL: "https://keyward.example.com",
//		Token:   os.Getenv("KEYWARD_TOKEN"), // its role holds tokens:verify
//	})
//	if err != nil {
//		log.Fatal(err)
//	}
//	defer kw.Close()
//	mux.Handle("GET /transactions", kw.Require("transactions:read", listTransactions))
//
// and in the handler, client.FromContext(r.Context()) returns the verdict: who calls
// (Token, Role, User, Subject) and how far the permission goes (Scope "all", or "own" for
// a role holding transactions:read:own).
//
// # Trust rule
//
//   - While the events stream is live (connected, and not silent for more than 2.5
//     heartbeats), cached verdicts are served: good ones for up to CacheTTL (never past the
//     token's expiry), refusals for NegativeTTL. A token revoked in Keyward is refused here
//     as soon as the stream says so.
//   - While it is not, every request is verified online; the verdict is still cached, for
//     the next point.
//   - When Keyward cannot be asked (a network error, a timeout, a 5xx), the latest verdict
//     for the token and IP is served if it is younger than StaleIfError; else the request is
//     answered 503. So a resource server keeps serving while Keyward restarts, and a revoked
//     token is refused within a second whenever Keyward is up.
//   - With Config.DisableEvents the cache is a plain TTL cache: a revoked token keeps
//     working here for up to CacheTTL; pick a CacheTTL that says how long is acceptable.
//   - A verdict asked for before an invalidation and answered after it is used once but not
//     cached.
//
// # Access tokens of API sign-ins
//
// Keyward's access tokens (JWTs signed with Ed25519) are checked offline with the public
// keys of /.well-known/jwks.json (algorithm, key, signature, issuer, expiry) while the
// stream is live, unless their sign-in was invalidated in the past hour or they were issued
// before the stream's latest flush (their claims may then be older than a change the stream
// did not tell). Otherwise they are verified online, as API tokens are. A JWT checked offline
// has a role name but no role ID.
//
// # Refusals
//
// Require answers refused requests with Keyward's own status codes and JSON bodies, so a
// resource server's callers see one contract. Verify returns refusals as a Verdict with a
// Code; its error is only for Keyward could not be asked.
//
// Tokens never appear in the client's logs or errors, and the cache keeps only their SHA-256.
package client
