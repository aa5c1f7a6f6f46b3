package main

import "strings"

// fixNullable rewrites every x-nullable extension left in an OpenAPI 3 tree
// into the nullable keyword. A reference cannot carry siblings in OpenAPI
// 3.0, so a nullable reference becomes a nullable allOf around it, and a
// nullable schema without a type (swag's allOf wrapper) gets the type of the
// schema it wraps, since nullable only has a meaning next to type.
func fixNullable(tree map[string]any) {
	var schemas map[string]any
	if components, ok := tree["components"].(map[string]any); ok {
		schemas, _ = components["schemas"].(map[string]any)
	}
	walkNullable(tree, schemas)
}

// walkNullable applies fixNullable's rewrite to node and everything below it.
func walkNullable(node any, schemas map[string]any) {
	switch v := node.(type) {
	case map[string]any:
		for _, child := range v {
			walkNullable(child, schemas)
		}
		if flag, ok := v["x-nullable"].(bool); ok {
			delete(v, "x-nullable")
			if flag {
				if ref, isRef := v["$ref"]; isRef {
					delete(v, "$ref")
					v["allOf"] = []any{map[string]any{"$ref": ref}}
				}
				v["nullable"] = true
			}
		}
		if nullable, _ := v["nullable"].(bool); nullable && v["type"] == nil {
			if t := wrappedType(v, schemas); t != nil {
				v["type"] = t
			}
		}
	case []any:
		for _, child := range v {
			walkNullable(child, schemas)
		}
	}
}

// wrappedType returns the type of the component schema that v wraps with an
// allOf holding a single reference, or nil.
func wrappedType(v map[string]any, schemas map[string]any) any {
	all, _ := v["allOf"].([]any)
	if len(all) != 1 {
		return nil
	}
	inner, _ := all[0].(map[string]any)
	ref, _ := inner["$ref"].(string)
	name, ok := strings.CutPrefix(ref, schemasRef)
	if !ok {
		return nil
	}
	target, _ := schemas[name].(map[string]any)
	return target["type"]
}

// wrapNullableRefs rewrites, in a Swagger 2.0 tree, each reference that
// carries x-nullable into an allOf around the reference, which keeps the
// extension through the conversion (a bare reference loses its siblings).
func wrapNullableRefs(node any) {
	switch v := node.(type) {
	case map[string]any:
		for _, child := range v {
			wrapNullableRefs(child)
		}
		if ref, isRef := v["$ref"]; isRef && v["x-nullable"] != nil {
			delete(v, "$ref")
			v["allOf"] = []any{map[string]any{"$ref": ref}}
		}
	case []any:
		for _, child := range v {
			wrapNullableRefs(child)
		}
	}
}
