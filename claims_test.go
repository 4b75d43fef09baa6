package wushe_test

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// directRequires lists the modules a go.mod requires directly (every require line not marked
// "// indirect"), sorted.
func directRequires(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var mods []string
	inBlock := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "require (":
			inBlock = true
			continue
		case inBlock && line == ")":
			inBlock = false
			continue
		case strings.HasPrefix(line, "require "):
			line = strings.TrimPrefix(line, "require ")
		case !inBlock:
			continue
		}
		if line == "" || strings.Contains(line, "// indirect") {
			continue
		}
		mods = append(mods, strings.Fields(line)[0])
	}
	require.NoError(t, sc.Err())
	slices.Sort(mods)
	return mods
}

var backticked = regexp.MustCompile("`([a-z0-9.-]+\\.[a-z]+/[^`]+)`")

// claimedDependencies reads the README's dependency sentence: from "Dependencies, as go.mod
// requires them:" to the first "and the standard library", every module path in backticks.
func claimedDependencies(t *testing.T, readme string) []string {
	t.Helper()
	b, err := os.ReadFile(readme)
	require.NoError(t, err)
	text := strings.Join(strings.Fields(string(b)), " ")
	const head = "Dependencies, as go.mod requires them:"
	start := strings.Index(text, head)
	require.GreaterOrEqual(t, start, 0, "%s has no sentence starting %q", readme, head)
	sentence := text[start+len(head):]
	end := strings.Index(sentence, "and the standard library")
	require.GreaterOrEqual(t, end, 0, "%s: the dependency sentence does not end with the standard library", readme)
	var mods []string
	for _, m := range backticked.FindAllStringSubmatch(sentence[:end], -1) {
		mods = append(mods, m[1])
	}
	slices.Sort(mods)
	return mods
}

// TestREADMEDependenciesMatchGoMod keeps the README honest: the modules it says the core
// requires are exactly the direct requires of go.mod, and those are among the four the
// project allows.
func TestREADMEDependenciesMatchGoMod(t *testing.T) {
	got := directRequires(t, "go.mod")
	require.Equal(t, got, claimedDependencies(t, "README.md"),
		"README.md's dependency sentence and go.mod disagree")
	allowed := []string{"github.com/google/uuid", "github.com/shopspring/decimal", "github.com/stretchr/testify", "golang.org/x/exp"}
	for _, m := range got {
		require.Contains(t, allowed, m, "the core requires %s, which is not one of its allowed dependencies", m)
	}
}

// TestAdapterREADMENamesItsDrivers checks that the drivers the SQL adapter's README names
// are what its go.mod requires directly, and that it claims no count of the core's
// dependencies.
func TestAdapterREADMENamesItsDrivers(t *testing.T) {
	reqs := directRequires(t, "adapters/sqlstore/go.mod")
	b, err := os.ReadFile("adapters/sqlstore/README.md")
	require.NoError(t, err)
	readme := string(b)
	for _, driver := range []string{"modernc.org/sqlite", "github.com/jackc/pgx/v5"} {
		require.Contains(t, readme, "`"+driver+"`", "the adapter README does not name its driver %s", driver)
		require.Contains(t, reqs, driver, "the adapter README names %s, which its go.mod does not require directly", driver)
	}
	for _, count := range []string{"three dependencies", "four dependencies", "five dependencies"} {
		require.NotContains(t, strings.Join(strings.Fields(readme), " "), count,
			"the adapter README states a count of dependencies; name them or point to the top-level README")
	}
}

func TestDirectRequiresParsesBothForms(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/go.mod"
	require.NoError(t, os.WriteFile(path, []byte("module x\n\ngo 1.26\n\nrequire a.example/one v1.0.0\n\nrequire (\n\tb.example/two v0.1.0\n\tc.example/three v0.2.0 // indirect\n)\n"), 0o600))
	require.Equal(t, []string{"a.example/one", "b.example/two"}, directRequires(t, path))
}
