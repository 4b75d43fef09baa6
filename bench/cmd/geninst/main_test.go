package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunSmoke(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	require.NoError(t, run(dir, "smoke", 1, &log))
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.tsv"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(manifest)), "\n")
	require.Len(t, lines, 11)
	kinds := map[string]int{}
	for _, l := range lines {
		f := strings.Split(l, "\t")
		require.Len(t, f, 9, l)
		kinds[f[1]]++
		info, err := os.Stat(filepath.Join(dir, f[2]))
		require.NoError(t, err)
		assert.Positive(t, info.Size())
	}
	assert.Equal(t, map[string]int{"lap": 5, "mcf": 6}, kinds)
	assert.Contains(t, log.String(), "demands without a candidate")

	// The same seed writes the same bytes.
	again := t.TempDir()
	require.NoError(t, run(again, "smoke", 1, &bytes.Buffer{}))
	for _, l := range lines {
		f := strings.Split(l, "\t")[2]
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, _ := os.ReadFile(filepath.Join(again, f))
		assert.Equal(t, a, b, f)
	}
}

func TestRunRejects(t *testing.T) {
	require.Error(t, run("", "smoke", 1, &bytes.Buffer{}))
	require.Error(t, run(t.TempDir(), "medium", 1, &bytes.Buffer{}))
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	require.Error(t, run(filepath.Join(file, "sub"), "smoke", 1, &bytes.Buffer{}))
}

func TestBound(t *testing.T) {
	assert.Equal(t, "-", bound(0))
	assert.Equal(t, "0.85", bound(0.85))
	assert.Equal(t, "-", orDash(""))
	assert.Equal(t, "g", orDash("g"))
}

func TestRunReportsWriteErrors(t *testing.T) {
	for _, name := range []string{"dense-geo-60.mat", "sparse-100x1000x10.dimacs", "manifest.tsv"} {
		dir := t.TempDir()
		// A directory where the file should go makes creating it fail.
		require.NoError(t, os.Mkdir(filepath.Join(dir, name), 0o755))
		err := run(dir, "smoke", 1, &bytes.Buffer{})
		require.Error(t, err, name)
	}
}

// TestMain lets the tests run the command itself: with GENINST_RUN_MAIN set, the test
// binary behaves as geninst.
func TestMain(m *testing.M) {
	if os.Getenv("GENINST_RUN_MAIN") != "" {
		os.Args = append([]string{"geninst"}, strings.Fields(os.Getenv("GENINST_RUN_MAIN"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestMainCommand(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "GENINST_RUN_MAIN=-out "+dir+" -set smoke -seed 3")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.FileExists(t, filepath.Join(dir, "manifest.tsv"))

	cmd = exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "GENINST_RUN_MAIN=-set smoke")
	out, err = cmd.CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "-out is required")
}
