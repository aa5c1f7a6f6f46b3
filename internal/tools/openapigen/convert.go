package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

// Options controls the rewrites that Convert applies on top of openapi2conv.
type Options struct {
	// ProblemSchema is the component name of the problem details type,
	// after package prefixes have been stripped (swag's api.Problem).
	ProblemSchema string
	// BearerFormat is the bearerFormat given to the http bearer scheme that
	// replaces an apiKey scheme sent in the Authorization header.
	BearerFormat string
	// ServerURL is the URL of the document's single server.
	ServerURL string
}

// DefaultOptions returns the options Folio's own document is built with.
func DefaultOptions() Options {
	return Options{ProblemSchema: "Problem", BearerFormat: "JWT", ServerURL: "/"}
}

// Convert turns a Swagger 2.0 JSON document produced by swag into an
// OpenAPI 3.0.3 YAML document, then checks that the result is valid.
func Convert(swagger []byte, opts Options) ([]byte, error) {
	tree, err := decodeTree(swagger)
	if err != nil {
		return nil, fmt.Errorf("parsing Swagger document: %w", err)
	}
	if v, _ := tree["swagger"].(string); v != "2.0" {
		return nil, fmt.Errorf("input is not a Swagger 2.0 document (swagger: %q)", v)
	}
	if err := renameDefinitions(tree); err != nil {
		return nil, err
	}
	wrapNullableRefs(tree)
	doc3, err := toV3(tree)
	if err != nil {
		return nil, err
	}
	if err := applyFixes(doc3, opts); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(doc3)
	if err != nil {
		return nil, err
	}
	tree3, err := decodeTree(raw)
	if err != nil {
		return nil, err
	}
	fixNullable(tree3)
	final, err := json.Marshal(tree3)
	if err != nil {
		return nil, err
	}
	if err := validateV3(final); err != nil {
		return nil, err
	}
	return encodeYAML(final)
}

// toV3 runs kin-openapi's Swagger 2.0 to OpenAPI 3 conversion on tree.
func toV3(tree map[string]any) (*openapi3.T, error) {
	raw, err := json.Marshal(tree)
	if err != nil {
		return nil, err
	}
	var doc2 openapi2.T
	if err := json.Unmarshal(raw, &doc2); err != nil {
		return nil, fmt.Errorf("reading Swagger document: %w", err)
	}
	doc3, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return nil, fmt.Errorf("converting to OpenAPI 3: %w", err)
	}
	return doc3, nil
}

// decodeTree decodes a JSON object into generic maps, keeping numbers exact.
func decodeTree(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree map[string]any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	if tree == nil {
		return nil, errors.New("document is not a JSON object")
	}
	return tree, nil
}

// validateV3 loads the converted document from scratch, resolving every
// reference, and validates it, so a broken document is never written.
func validateV3(data []byte) error {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return fmt.Errorf("loading converted document: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return fmt.Errorf("converted document is invalid: %w", err)
	}
	return nil
}
