// Command resourceserver is a resource server built on Keyward's Go client (package
// client): an organisation's API, here answering GET /customers/{id}, that asks Keyward
// whether each caller's token may read customers. The load test measures it against a bare
// handler, and the integration tests revoke tokens under it.
//
//	KEYWARD_TOKEN=kw_… resourceserver -keyward http://127.0.0.1:8080 -addr 127.0.0.1:9090
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/keyward/keyward/client"
)

func main() {
	keyward := flag.String("keyward", "http://127.0.0.1:8080", "Keyward's base URL")
	addr := flag.String("addr", "127.0.0.1:9090", "the address to serve on")
	proxies := flag.String("trusted-proxies", "", "comma-separated CIDRs of the proxies in front of this server")
	ttl := flag.Duration("cache-ttl", client.DefaultCacheTTL, "how long a verdict is cached")
	issuer := flag.String("issuer", "", "Keyward's public base URL, when -keyward is another address")
	flag.Parse()
	h, kw, err := newServer(*keyward, os.Getenv("KEYWARD_TOKEN"), *issuer, *proxies, *ttl)
	if err != nil {
		log.Fatal(err)
	}
	defer kw.Close()
	srv := &http.Server{Addr: *addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

// customer is what GET /customers/{id} answers, the same bytes every time (the load test's
// bare handler answers them too).
const customer = `{"id":"C-1042","name":"Amina Okafor","segment":"retail"}` + "\n"

// newServer is the resource server: its routes, each behind Require.
func newServer(base, token, issuer, proxies string, ttl time.Duration) (http.Handler, *client.Client, error) {
	cfg := client.Config{BaseURL: base, Token: token, Issuer: issuer, CacheTTL: ttl}
	for p := range strings.SplitSeq(proxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			return nil, nil, fmt.Errorf("-trusted-proxies: %w", err)
		}
		cfg.TrustedProxies = append(cfg.TrustedProxies, pfx)
	}
	kw, err := client.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /customers/{id}", kw.Require("customers:read", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(customer))
	})))
	mux.Handle("GET /stats", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := kw.Stats()
		fmt.Fprintf(w, "connected=%v hits=%d misses=%d online=%d stale=%d\n", s.StreamConnected, s.Hits, s.Misses, s.OnlineVerifies, s.StaleServed)
	}))
	return mux, kw, nil
}
