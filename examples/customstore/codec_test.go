package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

type hidden struct {
	Visible string
	secret  string
}

func TestStoreFailures(t *testing.T) {
	ctx := t.Context()
	s := openTemp(t)
	d := resources.Donor{ID: uuid.New(), Kind: resources.DonorEnterprise, Name: "Bookshop"}
	require.NoError(t, s.CreateDonor(ctx, d))

	// Temporary files and strangers in an entity directory are not entities.
	dir := filepath.Join(s.dir, donorKind.dir)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".tmp-123"), []byte("{"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.json"), []byte("{"), 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(dir, uuid.NewString()+".json"), 0o700))
	page, err := s.ListDonors(ctx, resources.DonorFilter{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)

	// A damaged file is unavailable, never silently skipped.
	require.NoError(t, os.WriteFile(donorKind.path(s, d.ID), []byte("{"), 0o600))
	_, err = s.GetDonor(ctx, d.ID)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	_, err = s.ListDonors(ctx, resources.DonorFilter{})
	require.ErrorIs(t, err, wushe.ErrUnavailable)

	// A directory where a file should be cannot be read or written.
	id := uuid.New()
	require.NoError(t, os.Mkdir(donorKind.path(s, id), 0o700))
	_, err = s.GetDonor(ctx, id)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	_, err = s.UpdateDonor(ctx, id, func(*resources.Donor) error { return nil })
	require.ErrorIs(t, err, wushe.ErrUnavailable)

	// An entity the codec cannot encode is invalid and writes nothing.
	var ek = kind[hidden]{entity: "Hidden", dir: "hidden", id: func(*hidden) uuid.UUID { return uuid.Nil }}
	require.ErrorIs(t, ek.save(s, "test", hidden{}), wushe.ErrInvalid)

	// A closed store refuses every call.
	require.NoError(t, s.Close())
	_, err = s.GetDonor(ctx, d.ID)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	require.ErrorIs(t, s.CreateDonor(ctx, resources.Donor{ID: uuid.New()}), wushe.ErrUnavailable)
	require.NoError(t, s.Close(), "closing twice is harmless")
}

func TestOpenFails(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	_, err := Open(filepath.Join(file, "store"))
	require.ErrorIs(t, err, wushe.ErrUnavailable)

	// An entity directory that cannot be created fails the write and keeps nothing.
	s := openTemp(t)
	require.NoError(t, os.WriteFile(filepath.Join(s.dir, donorKind.dir), nil, 0o600))
	err = s.CreateDonor(t.Context(), resources.Donor{ID: uuid.New()})
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	_, err = s.ListDonors(t.Context(), resources.DonorFilter{})
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	var e *wushe.Error
	require.True(t, errors.As(err, &e))
	require.Equal(t, "customstore.Store.ListDonors", e.Op)
	require.Equal(t, "Donor", e.Entity)
}
