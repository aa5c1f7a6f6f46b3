package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

const definitionsPrefix = "#/definitions/"

// validComponentName is what the OpenAPI 3 components map accepts, less the
// dots and dashes that only swag's package qualifiers bring in.
var validComponentName = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// renameDefinitions strips swag's package qualifiers from the definition
// names of a Swagger 2.0 tree (api.Post becomes Post) and rewrites every
// $ref to match. Two definitions that would get the same name are an error.
func renameDefinitions(tree map[string]any) error {
	defs, _ := tree["definitions"].(map[string]any)
	if len(defs) == 0 {
		return nil
	}
	names := make([]string, 0, len(defs))
	for name := range defs {
		names = append(names, name)
	}
	sort.Strings(names)
	mapping := make(map[string]string, len(names))
	owner := make(map[string]string, len(names))
	for _, old := range names {
		short := shortSchemaName(old)
		if !validComponentName.MatchString(short) {
			return fmt.Errorf("cannot derive a component name from definition %q (got %q)", old, short)
		}
		if prev, taken := owner[short]; taken {
			return fmt.Errorf("schema name collision: definitions %q and %q both become %q; "+
				"rename one of the Go types or give it a swag name with a `// @name` comment", prev, old, short)
		}
		owner[short] = old
		mapping[old] = short
	}
	renamed := make(map[string]any, len(defs))
	for old, schema := range defs {
		renamed[mapping[old]] = schema
	}
	tree["definitions"] = renamed
	return rewriteRefs(tree, mapping)
}

// shortSchemaName maps one swag definition name to a component name.
//
// swag writes pkg.Type, pkg.Func.Type for types declared in a function,
// full_import_path_pkg.Type when two packages share a name, and
// pkg.Generic-pkg_Arg1-pkg_Arg2 for generic instantiations. Each part loses
// its qualifier and the parts are concatenated: api.Page-api_Post gives
// PagePost.
func shortSchemaName(name string) string {
	var b strings.Builder
	for _, part := range strings.Split(name, "-") {
		part = part[strings.LastIndex(part, ".")+1:]
		if strings.Contains(part, "_") {
			part = afterQualifier(part)
		}
		b.WriteString(part)
	}
	return b.String()
}

// afterQualifier drops the underscore-joined package path in front of a type
// argument (github_com_x_api_Post gives Post). Package path elements are
// lower case by convention, so the type name starts at the first element
// that begins with an upper-case letter; a part with no such element is
// a fragment of an import path split at one of its dashes and yields "".
func afterQualifier(part string) string {
	elems := strings.Split(part, "_")
	for i, e := range elems {
		if e != "" && e[0] >= 'A' && e[0] <= 'Z' {
			return strings.Join(elems[i:], "_")
		}
	}
	return ""
}

// rewriteRefs replaces, anywhere in node, each "$ref" to a renamed
// definition with a reference to its new name.
func rewriteRefs(node any, mapping map[string]string) error {
	switch v := node.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok && strings.HasPrefix(ref, definitionsPrefix) {
			target := strings.TrimPrefix(ref, definitionsPrefix)
			short, known := mapping[target]
			if !known {
				return fmt.Errorf("dangling reference %q", ref)
			}
			v["$ref"] = definitionsPrefix + short
		}
		for _, child := range v {
			if err := rewriteRefs(child, mapping); err != nil {
				return err
			}
		}
	case []any:
		for _, child := range v {
			if err := rewriteRefs(child, mapping); err != nil {
				return err
			}
		}
	}
	return nil
}
