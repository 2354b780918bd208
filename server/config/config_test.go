package config

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DatabaseURL != "sqlite:keyward.db" || c.LogFormat != "text" || c.SMTPURL != "" {
		t.Fatalf("defaults: %+v", c)
	}
	if c.SecureCookies() {
		t.Fatal("http base URL must not make cookies Secure")
	}
}

func TestFlagBeatsEnv(t *testing.T) {
	c, err := Load(env(map[string]string{"KEYWARD_ADDR": ":9000", "KEYWARD_BASE_URL": "https://keyward.example.com/"}), []string{"--addr", ":9100"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9100" {
		t.Fatalf("addr = %q, want the flag's :9100", c.Addr)
	}
	if !c.SecureCookies() || c.BaseURL.String() != "https://keyward.example.com" {
		t.Fatalf("base URL = %v", c.BaseURL)
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := Load(env(map[string]string{"KEYWARD_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7, ::1, 172.16.5.4/12"}), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.168.1.7/32", "::1/128", "172.16.0.0/12"}
	if len(c.TrustedProxies) != len(want) {
		t.Fatalf("got %v", c.TrustedProxies)
	}
	for i, w := range want {
		if c.TrustedProxies[i].String() != w {
			t.Errorf("proxy %d = %s, want %s", i, c.TrustedProxies[i], w)
		}
	}
}

func TestBadValuesNameTheVariable(t *testing.T) {
	cases := map[string]map[string]string{
		"KEYWARD_DATABASE_URL":    {"KEYWARD_DATABASE_URL": "mysql://x"},
		"KEYWARD_BASE_URL":        {"KEYWARD_BASE_URL": "ftp://x"},
		"KEYWARD_SMTP_URL":        {"KEYWARD_SMTP_URL": "http://mail"},
		"KEYWARD_TRUSTED_PROXIES": {"KEYWARD_TRUSTED_PROXIES": "10.0.0.0/8,not-an-ip"},
		"KEYWARD_LOG_FORMAT":      {"KEYWARD_LOG_FORMAT": "xml"},
		"KEYWARD_REFUSAL_LIMIT":   {"KEYWARD_REFUSAL_LIMIT": "100 per minute"},
	}
	for name, e := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Load(env(e), nil)
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Fatalf("err = %v; want it to name %s", err, name)
			}
		})
	}
}

func TestUnknownFlag(t *testing.T) {
	if _, err := Load(env(nil), []string{"--nope"}); err == nil {
		t.Fatal("want an error for an unknown flag")
	}
}

func TestBaseURLFollowsTheAddress(t *testing.T) {
	for addr, want := range map[string]string{":8080": "http://localhost:8080", ":9000": "http://localhost:9000", "127.0.0.1:18090": "http://localhost:18090"} {
		c, err := Load(env(map[string]string{"KEYWARD_ADDR": addr}), nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.BaseURL.String() != want {
			t.Errorf("with KEYWARD_ADDR=%s the base URL is %s, want %s", addr, c.BaseURL, want)
		}
	}
	c, err := Load(env(map[string]string{"KEYWARD_ADDR": ":9000"}), []string{"--base-url", "https://keys.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL.String() != "https://keys.example.com" {
		t.Errorf("a given base URL was replaced: %s", c.BaseURL)
	}
}

func TestRefusalLimit(t *testing.T) {
	c, err := Load(env(nil), nil)
	if err != nil || c.RefusalLimit != 100 || c.RefusalWindow.String() != "1m0s" {
		t.Fatalf("default refusal limit: %d/%v %v", c.RefusalLimit, c.RefusalWindow, err)
	}
	c, err = Load(env(map[string]string{"KEYWARD_REFUSAL_LIMIT": "off"}), nil)
	if err != nil || c.RefusalLimit != 0 {
		t.Fatalf("off: %d %v", c.RefusalLimit, err)
	}
	for _, bad := range []string{"0/1m", "10/0s", "10/500ms", "ten/1m", "10"} {
		if _, err := Load(env(map[string]string{"KEYWARD_REFUSAL_LIMIT": bad}), nil); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

func TestTokenCacheSizeAndProfiler(t *testing.T) {
	c, err := Load(env(nil), nil)
	if err != nil || c.TokenCacheSize != 100_000 || c.PprofAddr != "" {
		t.Fatalf("defaults: %d %q %v", c.TokenCacheSize, c.PprofAddr, err)
	}
	c, err = Load(env(map[string]string{"KEYWARD_TOKEN_CACHE_SIZE": "5000"}), []string{"--pprof-addr", "127.0.0.1:6060"})
	if err != nil || c.TokenCacheSize != 5000 || c.PprofAddr != "127.0.0.1:6060" {
		t.Fatalf("set: %d %q %v", c.TokenCacheSize, c.PprofAddr, err)
	}
	for _, bad := range []string{"0", "-1", "many", "1e6"} {
		_, err := Load(env(map[string]string{"KEYWARD_TOKEN_CACHE_SIZE": bad}), nil)
		if err == nil || !strings.Contains(err.Error(), "KEYWARD_TOKEN_CACHE_SIZE") {
			t.Errorf("cache size %q: %v", bad, err)
		}
	}
	if _, err := Load(env(map[string]string{"KEYWARD_PPROF_ADDR": "6060"}), nil); err == nil || !strings.Contains(err.Error(), "KEYWARD_PPROF_ADDR") {
		t.Errorf("a profiler address without a port: %v", err)
	}
}
