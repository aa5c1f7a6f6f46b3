package main

import (
	"bytes"
	"fmt"
	"sort"

	"go.yaml.in/yaml/v3"
)

// Key orders for the objects a reader looks at first. Keys not listed keep
// the alphabetical order json.Marshal gave them and come after listed ones.
var (
	topLevelOrder = []string{"openapi", "info", "externalDocs", "servers", "security", "tags", "paths", "components"}
	infoOrder     = []string{"title", "summary", "description", "version", "termsOfService", "contact", "license"}
	opOrder       = []string{"operationId", "summary", "description", "tags", "deprecated", "security",
		"parameters", "requestBody", "responses", "callbacks", "servers", "externalDocs"}
	httpMethods = map[string]bool{"get": true, "put": true, "post": true, "delete": true,
		"options": true, "head": true, "patch": true, "trace": true}
)

// encodeYAML re-encodes a JSON document, whose object keys json.Marshal has
// already sorted, as block-style YAML with a conventional top-level order.
func encodeYAML(jsonDoc []byte) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(jsonDoc, &root); err != nil {
		return nil, err
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		return nil, fmt.Errorf("unexpected YAML document structure")
	}
	plainStyle(&root)
	doc := root.Content[0]
	orderKeys(doc, topLevelOrder)
	if info := mappingValue(doc, "info"); info != nil {
		orderKeys(info, infoOrder)
	}
	if paths := mappingValue(doc, "paths"); paths != nil {
		for i := 1; i < len(paths.Content); i += 2 {
			item := paths.Content[i]
			for j := 0; j+1 < len(item.Content); j += 2 {
				if httpMethods[item.Content[j].Value] {
					orderKeys(item.Content[j+1], opOrder)
				}
			}
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plainStyle clears the flow and quoting styles that parsing JSON leaves on
// every node; the encoder still quotes any string that would otherwise read
// back as another type.
func plainStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plainStyle(c)
	}
}

// mappingValue returns the value stored under key in mapping node m.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// orderKeys stably moves the keys listed in order to the front of mapping
// node m, in that order.
func orderKeys(m *yaml.Node, order []string) {
	if m.Kind != yaml.MappingNode {
		return
	}
	rank := make(map[string]int, len(order))
	for i, k := range order {
		rank[k] = i
	}
	type pair struct{ k, v *yaml.Node }
	pairs := make([]pair, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		pairs = append(pairs, pair{m.Content[i], m.Content[i+1]})
	}
	rankOf := func(p pair) int {
		if r, ok := rank[p.k.Value]; ok {
			return r
		}
		return len(order)
	}
	sort.SliceStable(pairs, func(a, b int) bool { return rankOf(pairs[a]) < rankOf(pairs[b]) })
	m.Content = m.Content[:0]
	for _, p := range pairs {
		m.Content = append(m.Content, p.k, p.v)
	}
}
