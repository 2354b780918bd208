package notify

import (
	"testing"

	"github.com/keyward/keyward/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }
