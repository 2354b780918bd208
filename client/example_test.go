package client_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/netip"

	"github.com/keyward/keyward/client"
)

// fakeKeyward stands in for Keyward: its verify API knows one token, of a role holding
// transactions:read:own; its events stream says ready and stays open.
func fakeKeyward() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/verify":
			io.WriteString(w, `{"valid":true,"token":{"id":"12","name":"mobile app","hint":"kw_gVJR…2fFW"},`+
				`"role":{"id":"4","name":"CUSTOMER"},"permissions":["transactions:read:own"],"expiresAt":null,`+
				`"subject":{"user_id":"42","tenant_id":null,"client_id":null}}`)
		case "/api/v1/events":
			w.Header().Set("Content-Type", "text/event-stream")
			io.WriteString(w, "event: ready\ndata: {\"heartbeat\":1000}\n\n")
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		default:
			http.NotFound(w, r)
		}
	}))
}

func Example() {
	keyward := fakeKeyward()
	defer keyward.Close()

	kw, err := client.New(client.Config{
		BaseURL: keyward.URL,
		Token:   "kw_l6sJdSY1fALeDraRu8xRU8zmIgK9MX7cxRXnUUbXT3K185K9V", // holds tokens:verify
	})
	if err != nil {
		log.Fatal(err)
	}
	defer kw.Close()

	mux := http.NewServeMux()
	mux.Handle("GET /transactions", kw.Require("transactions:read", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, _ := client.FromContext(r.Context())
		if v.Scope == "own" {
			fmt.Fprintf(w, "the transactions of user %s\n", v.Subject.UserID)
			return
		}
		fmt.Fprintln(w, "every transaction")
	})))
	mux.Handle("POST /transactions", kw.Require("transactions:write", http.NotFoundHandler()))
	api := httptest.NewServer(mux)
	defer api.Close()

	for _, method := range []string{"GET", "POST"} {
		req, _ := http.NewRequest(method, api.URL+"/transactions", nil)
		req.Header.Set("Authorization", "Bearer kw_gVJRDplYyEqWTpf6RyJJGkj4owcV2kKEClBeYHnJ4012n2fFW")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("%s %d %s", method, resp.StatusCode, body)
	}
	// Output:
	// GET 200 the transactions of user 42
	// POST 403 {"error":"forbidden","message":"Insufficient permissions to access this resource","role":"CUSTOMER"}
}

func ExampleClient_Verify() {
	keyward := fakeKeyward()
	defer keyward.Close()
	kw, err := client.New(client.Config{BaseURL: keyward.URL, Token: "kw_l6sJdSY1fALeDraRu8xRU8zmIgK9MX7cxRXnUUbXT3K185K9V"})
	if err != nil {
		log.Fatal(err)
	}
	defer kw.Close()

	// A token that reached this server some other way than HTTP (a message queue, a gRPC call).
	v, err := kw.Verify(context.Background(), "kw_gVJRDplYyEqWTpf6RyJJGkj4owcV2kKEClBeYHnJ4012n2fFW",
		netip.MustParseAddr("203.0.113.45"), "transactions:read")
	if err != nil {
		log.Fatal(err) // Keyward could not be asked
	}
	fmt.Println(v.Valid, v.Role.Name, v.Scope)
	v, _ = kw.Verify(context.Background(), "kw_nonsense", netip.Addr{}, "")
	fmt.Println(v.Valid, v.Code)
	// Output:
	// true CUSTOMER own
	// false malformed
}
