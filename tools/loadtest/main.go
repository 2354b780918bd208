// Command loadtest measures GET /api/v1/whoami on a real Keyward (SQLite, a whitelisted
// token) against a bare net/http handler returning the same JSON, on this machine, and
// prints both throughputs and their ratio. `make bench` runs it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/keyward/keyward/server/app"
	"github.com/keyward/keyward/server/config"
	"github.com/keyward/keyward/server/tokens"
)

func main() {
	conns := flag.Int("c", 32, "concurrent keep-alive connections")
	dur := flag.Duration("d", 2*time.Second, "duration of each round")
	rounds := flag.Int("rounds", 8, "rounds per server (alternating)")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(1)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if err := run(*conns, *dur, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(conns int, dur time.Duration, rounds int) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "keyward-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	env := map[string]string{"KEYWARD_DATABASE_URL": "sqlite:" + filepath.Join(dir, "load.db")}
	cfg, err := config.Load(func(k string) string { return env[k] }, nil)
	if err != nil {
		return err
	}
	a, err := app.New(ctx, cfg, app.Options{Log: io.Discard})
	if err != nil {
		return err
	}
	defer a.Close()
	roles, err := a.Access.Roles(ctx)
	if err != nil {
		return err
	}
	var auditor int64
	for _, r := range roles {
		if r.Name == "Auditor" {
			auditor = r.ID
		}
	}
	_, secret, err := a.Tokens.Create(ctx, tokens.NewToken{Name: "load", RoleID: auditor,
		Whitelist: []string{"127.0.0.1", "10.0.0.0/8", "2001:db8::/32"}})
	if err != nil {
		return err
	}

	kw, err := serve(a.Handler)
	if err != nil {
		return err
	}
	// The bare handler answers with the same JSON whoami returns, encoded the same way.
	body := whoamiBody(kw, string(secret))
	bare, err := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_ = json.NewEncoder(w).Encode(body)
	}))
	if err != nil {
		return err
	}

	// Short alternating rounds, so that whatever else the machine does weighs on both alike.
	load(bare+"/api/v1/whoami", "", conns, dur/4) // warm up
	load(kw+"/api/v1/whoami", string(secret), conns, dur/4)
	var sumBare, sumKW float64
	ratios := make([]float64, 0, rounds)
	for i := 0; i < rounds; i++ {
		b := load(bare+"/api/v1/whoami", "", conns, dur)
		k := load(kw+"/api/v1/whoami", string(secret), conns, dur)
		fmt.Printf("round %d: bare %8.0f req/s   keyward whoami %8.0f req/s   ratio %.3f\n", i+1, b, k, k/b)
		sumBare, sumKW = sumBare+b, sumKW+k
		ratios = append(ratios, k/b)
	}
	meanBare, meanKW := sumBare/float64(rounds), sumKW/float64(rounds)
	// The verdict takes the median of the paired rounds' ratios: a round that something
	// else on the machine disturbed moves a mean, not a median.
	slices.Sort(ratios)
	median := ratios[len(ratios)/2]
	if len(ratios)%2 == 0 {
		median = (ratios[len(ratios)/2-1] + ratios[len(ratios)/2]) / 2
	}
	verdict := "meets the 0.9x target"
	if median < 0.9 {
		verdict = "BELOW the 0.9x target"
	}
	fmt.Printf("mean:    bare %8.0f req/s   keyward whoami %8.0f req/s   ratio %.3f\n", meanBare, meanKW, meanKW/meanBare)
	fmt.Printf("median ratio of %d paired rounds: %.3f (%s; %d connections, %s rounds)\n", rounds, median, verdict, conns, dur)
	return nil
}

func serve(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go func() { _ = (&http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}).Serve(ln) }()
	return "http://" + ln.Addr().String(), nil
}

func whoamiBody(base, secret string) any {
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/whoami", nil)
	req.Header.Set("X-Auth-Token", secret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		panic(fmt.Sprintf("whoami answered %d", res.StatusCode))
	}
	var v struct {
		Token       map[string]string `json:"token"`
		Role        map[string]string `json:"role"`
		Permissions []string          `json:"permissions"`
		ExpiresAt   *string           `json:"expiresAt"`
		IP          string            `json:"ip"`
	}
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		panic(err)
	}
	return v
}

// load runs conns keep-alive clients against url for dur and returns requests per second.
func load(url, secret string, conns int, dur time.Duration) float64 {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var n atomic.Int64
	var failed atomic.Int64
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			if secret != "" {
				req.Header.Set("X-Auth-Token", secret)
			}
			for time.Now().Before(deadline) {
				res, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					failed.Add(1)
					continue
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	if f := failed.Load(); f > 0 {
		fmt.Fprintf(os.Stderr, "%s: %d failed requests\n", url, f)
	}
	return float64(n.Load()) / time.Since(start).Seconds()
}
