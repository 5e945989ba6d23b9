package main

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"

	"k8s.io/client-go/util/cert"
	"k8s.io/client-go/util/keyutil"
)

// credentials are the files the apiserver and its clients need, all created fresh per run.
type credentials struct {
	servingCertFile string
	servingKeyFile  string
	// caPEM is what clients trust: the serving certificate followed by its self-signed CA.
	caPEM                 []byte
	tokenFile             string
	token                 string
	serviceAccountKeyFile string
}

// newCredentials writes a self-signed serving certificate for 127.0.0.1, a static token file
// granting one user system:masters, and a fresh RSA key for signing service-account tokens.
func newCredentials(dir string) (*credentials, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	certPEM, keyPEM, err := cert.GenerateSelfSignedCertKey("127.0.0.1", []net.IP{net.ParseIP("127.0.0.1")}, []string{"localhost"})
	if err != nil {
		return nil, fmt.Errorf("serving certificate: %w", err)
	}
	c := &credentials{
		servingCertFile:       filepath.Join(dir, "serving.crt"),
		servingKeyFile:        filepath.Join(dir, "serving.key"),
		caPEM:                 certPEM,
		tokenFile:             filepath.Join(dir, "tokens.csv"),
		serviceAccountKeyFile: filepath.Join(dir, "service-account.key"),
	}
	if err := os.WriteFile(c.servingCertFile, certPEM, 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(c.servingKeyFile, keyPEM, 0o600); err != nil {
		return nil, err
	}

	secret := make([]byte, 24)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	c.token = hex.EncodeToString(secret)
	// Format: token,user,uid,"group1,group2".
	line := fmt.Sprintf("%s,shipshape-admin,shipshape-admin,\"system:masters\"\n", c.token)
	if err := os.WriteFile(c.tokenFile, []byte(line), 0o600); err != nil {
		return nil, err
	}

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("service-account key: %w", err)
	}
	keyBytes, err := keyutil.MarshalPrivateKeyToPEM(key)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(c.serviceAccountKeyFile, keyBytes, 0o600); err != nil {
		return nil, err
	}
	return c, nil
}

// writeKubeconfig writes a kubeconfig whose only context reaches the apiserver with the token.
func writeKubeconfig(path, server string, c *credentials) error {
	const name = "shipshape-test"
	text := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: %[1]s
  cluster:
    server: %[2]s
    certificate-authority-data: %[3]s
users:
- name: %[1]s
  user:
    token: %[4]s
contexts:
- name: %[1]s
  context:
    cluster: %[1]s
    user: %[1]s
    namespace: default
current-context: %[1]s
preferences: {}
`, name, server, base64.StdEncoding.EncodeToString(c.caPEM), c.token)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(text), 0o600)
}
