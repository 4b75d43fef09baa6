package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/internal/match"
)

func write(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "m.txt")
	require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
	return p
}

func TestRun(t *testing.T) {
	p := write(t, "3 3\n4 1 3\n2 0 5\n3 2 2\n")
	var out bytes.Buffer
	require.NoError(t, run([]string{p}, &out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, "s 5", lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "c solve_ms "), lines[1])

	out.Reset()
	require.NoError(t, run([]string{"-max", p}, &out))
	assert.True(t, strings.HasPrefix(out.String(), "s 11\n"), out.String())

	// Rectangular, any white space, negative costs.
	p = write(t, "2 3 -1 5 7\t\r\n 2 -9 0")
	out.Reset()
	require.NoError(t, run([]string{p}, &out))
	assert.True(t, strings.HasPrefix(out.String(), "s -10\n"), out.String())
}

func TestRunErrors(t *testing.T) {
	var out bytes.Buffer
	assert.Error(t, run(nil, &out))
	assert.Error(t, run([]string{"-nope", "x"}, &out))
	assert.Error(t, run([]string{filepath.Join(t.TempDir(), "missing")}, &out))
	for name, text := range map[string]string{
		"empty":      "",
		"no cols":    "3",
		"short":      "2 2 1 2 3",
		"bad number": "1 2 1 x",
		"extra":      "1 1 5 6",
		"negative":   "-1 2",
		"huge":       "99999999 99999999",
		"overflow":   "1 1 99999999999999999999",
		"too big":    "1 2 9223372036854775807 0",
	} {
		t.Run(name, func(t *testing.T) {
			assert.Error(t, run([]string{write(t, text)}, &out))
		})
	}
	assert.Empty(t, out.String())
}

func FuzzReadMatrix(f *testing.F) {
	f.Add("2 2\n1 2\n3 4\n")
	f.Add("1 3 -5 0 9223372036854775807")
	f.Add("0 0")
	f.Add("2 2 1 2 3")
	f.Fuzz(func(t *testing.T, text string) {
		m, err := readMatrix(strings.NewReader(text))
		if err != nil {
			return
		}
		if verr := m.Validate(); verr != nil {
			t.Fatalf("readMatrix returned an invalid matrix: %v", verr)
		}
		if len(m.Cost) > 1<<12 {
			return
		}
		// A matrix that reads must solve or fail cleanly.
		_, _ = match.Assign(m, nil)
	})
}
