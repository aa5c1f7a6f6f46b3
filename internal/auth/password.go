package auth

import (
	"fmt"

	"github.com/alexedwards/argon2id"
)

// Hasher hashes passwords with argon2id, memory-hard so a stolen table is
// slow to crack.
type Hasher struct {
	params *argon2id.Params
	dummy  string
}

// NewHasher returns a Hasher using memoryKiB of memory per hash (OWASP's
// minimum is 19456; tests may go lower).
func NewHasher(memoryKiB uint32) *Hasher {
	p := &argon2id.Params{Memory: memoryKiB, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	h := &Hasher{params: p}
	h.dummy, _ = argon2id.CreateHash("folio-dummy-password", p)
	return h
}

// Hash returns the encoded argon2id hash of password.
func (h *Hasher) Hash(password string) (string, error) {
	s, err := argon2id.CreateHash(password, h.params)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return s, nil
}

// Check reports whether password matches hash in constant time. An empty
// hash (no such user) still costs one hash, so timing does not tell whether
// an account exists.
func (h *Hasher) Check(password, hash string) bool {
	if hash == "" {
		hash = h.dummy
		_, _ = argon2id.ComparePasswordAndHash(password, hash)
		return false
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}
