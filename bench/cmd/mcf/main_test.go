package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const instance = `c two supplies, one demand
p min 3 3
n 1 2
n 2 1
n 3 -3
a 1 3 0 2 5
a 2 3 0 1 1
a 1 2 0 4 1
`

func write(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.dimacs")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	return path
}

func TestRun(t *testing.T) {
	path := write(t, instance)
	for _, algo := range []string{"auto", "ssp", "simplex"} {
		var out bytes.Buffer
		require.NoError(t, run([]string{"-algo", algo, "-flows", path}, &out))
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		require.GreaterOrEqual(t, len(lines), 4, out.String())
		assert.Equal(t, "s 11", lines[0], algo)
		assert.True(t, strings.HasPrefix(lines[1], "c solve_ms "), lines[1])
		assert.Regexp(t, `^c solve_cpu_ms [0-9]+\.[0-9]{3}$`, lines[2])
		assert.Equal(t, []string{"f 1 3 2", "f 2 3 1"}, lines[3:], algo)
	}
	var out bytes.Buffer
	require.NoError(t, run([]string{path}, &out))
	assert.Equal(t, 3, strings.Count(out.String(), "\n"), "no flow lines without -flows")
}

func TestRunErrors(t *testing.T) {
	var out bytes.Buffer
	assert.Error(t, run(nil, &out))
	assert.Error(t, run([]string{"-algo", "greedy", write(t, instance)}, &out))
	assert.Error(t, run([]string{"-nope", write(t, instance)}, &out))
	assert.Error(t, run([]string{filepath.Join(t.TempDir(), "missing")}, &out))
	assert.ErrorContains(t, run([]string{write(t, "p min 2 1\na 1 2 1 3 0\n")}, &out), "lower bound")
	assert.ErrorContains(t, run([]string{write(t, "p min 2 0\nn 1 1\nn 2 -2\n")}, &out), "sum")
	assert.ErrorContains(t, run([]string{write(t, "p min 2 1\nn 1 3\nn 2 -3\na 1 2 0 2 0\n")}, &out), "insufficient")
	assert.Error(t, run([]string{"-flows", write(t, instance)}, errWriter{}))
}

type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }
