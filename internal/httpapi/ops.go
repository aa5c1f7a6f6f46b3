package httpapi

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
	swaggerfiles "github.com/swaggo/files/v2"

	"github.com/folio-cms/folio/api"
)

type specDocs struct {
	yaml []byte
	json []byte
}

// loadSpec checks that the embedded openapi.yaml is a valid document and
// keeps a JSON copy of it.
func loadSpec(yaml []byte) (specDocs, error) {
	if len(yaml) == 0 {
		return specDocs{}, nil
	}
	doc, err := openapi3.NewLoader().LoadFromData(yaml)
	if err != nil {
		return specDocs{}, fmt.Errorf("load openapi.yaml: %w", err)
	}
	js, err := json.Marshal(doc)
	if err != nil {
		return specDocs{}, fmt.Errorf("convert openapi.yaml: %w", err)
	}
	return specDocs{yaml: yaml, json: js}, nil
}

// healthz godoc
// @ID       healthz
// @Summary  Liveness
// @Description 200 while the process runs.
// @Tags     operations
// @Produce  json
// @Success  200 {object} api.Health
// @Failure  500 {object} api.Problem
// @Router   /healthz [get]
func (h *handler) healthz(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, api.Health{Status: "ok"})
}

// readyz godoc
// @ID       readyz
// @Summary  Readiness
// @Description 200 when the database answers and its migrations are applied; 503 otherwise, and from the moment shutdown begins, so load balancers stop sending traffic while in-flight requests finish.
// @Tags     operations
// @Produce  json
// @Success  200 {object} api.Health
// @Failure  503 {object} api.Health
// @Router   /readyz [get]
func (h *handler) readyz(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	if h.draining != nil && h.draining() {
		return c.JSON(http.StatusServiceUnavailable, api.Health{Status: "draining", Detail: "shutting down"})
	}
	if err := h.svc.Ready(c.Request().Context()); err != nil {
		return c.JSON(http.StatusServiceUnavailable, api.Health{Status: "unavailable", Detail: err.Error()})
	}
	return c.JSON(http.StatusOK, api.Health{Status: "ok"})
}

// openapiYAML godoc
// @ID       getOpenAPIYAML
// @Summary  OpenAPI document (YAML)
// @Description This API described as OpenAPI 3, generated from the code.
// @Tags     operations
// @Produce  application/yaml
// @Success  200 {string} string "OpenAPI 3 document"
// @Failure  404 {object} api.Problem
// @Router   /openapi.yaml [get]
func (h *handler) openapiYAML(c echo.Context) error {
	if len(h.spec.yaml) == 0 {
		return echo.ErrNotFound
	}
	return c.Blob(http.StatusOK, "application/yaml", h.spec.yaml)
}

// openapiJSON godoc
// @ID       getOpenAPIJSON
// @Summary  OpenAPI document (JSON)
// @Description The same document as /openapi.yaml, in JSON.
// @Tags     operations
// @Produce  json
// @Success  200 {object} object "OpenAPI 3 document"
// @Failure  404 {object} api.Problem
// @Router   /openapi.json [get]
func (h *handler) openapiJSON(c echo.Context) error {
	if len(h.spec.json) == 0 {
		return echo.ErrNotFound
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, h.spec.json)
}

const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Folio API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/folio-init.js"></script></body></html>`

const docsInit = `window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#ui", deepLinking: true});`

// docsIndex serves Swagger UI, embedded in the binary, pointed at /openapi.json.
func (h *handler) docsIndex(c echo.Context) error {
	c.Response().Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'")
	return c.HTML(http.StatusOK, docsPage)
}

func (h *handler) docsAsset(c echo.Context) error {
	name := c.Param("*")
	if name == "folio-init.js" {
		return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", []byte(docsInit))
	}
	if !strings.HasPrefix(name, "swagger-ui") || strings.Contains(name, "..") {
		return echo.ErrNotFound
	}
	data, err := fs.ReadFile(swaggerfiles.FS, name)
	if err != nil {
		return echo.ErrNotFound
	}
	ctype := "text/javascript; charset=utf-8"
	if strings.HasSuffix(name, ".css") {
		ctype = "text/css; charset=utf-8"
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, ctype, data)
}
