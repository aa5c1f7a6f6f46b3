package httpapi

import "github.com/labstack/echo/v4"

// routes is the whole HTTP surface of Folio in one place.
func (h *handler) routes(e *echo.Echo) {
	e.GET("/healthz", h.healthz)
	e.GET("/readyz", h.readyz)
	e.GET(metricsPath, h.metrics)
	e.GET("/openapi.yaml", h.openapiYAML)
	e.GET("/openapi.json", h.openapiJSON)
	e.GET("/docs", h.docsIndex)
	e.GET("/docs/*", h.docsAsset)
	e.GET("/feed.xml", h.cached(h.feedRSS))
	e.GET("/feed.atom", h.cached(h.feedAtom))
	e.GET("/feed.json", h.cached(h.feedJSON))

	v1 := e.Group("/v1")
	v1.POST("/auth/login", h.login)
	v1.GET("/me", h.me)
	v1.POST("/auth/tokens", h.createToken)
	v1.GET("/auth/tokens", h.listTokens)
	v1.DELETE("/auth/tokens/:id", h.revokeToken)

	v1.GET("/posts", h.cached(h.listPosts))
	v1.POST("/posts", h.createPost)
	v1.GET("/posts/:id", h.cached(h.getPost))
	v1.PATCH("/posts/:id", h.updatePost)
	v1.DELETE("/posts/:id", h.deletePost)
	v1.GET("/posts/:id/related", h.cached(h.relatedPosts))
	v1.GET("/posts/:id/revisions", h.listRevisions)
	v1.GET("/posts/:id/revisions/:version", h.getRevision)
	v1.POST("/posts/:id/revisions/:version/restore", h.restoreRevision)
	v1.GET("/events", h.listEvents)
	v1.GET("/events/stream", h.streamEvents)
	v1.GET("/archive", h.cached(h.archive))

	v1.GET("/listings", h.cached(h.listListings))
	v1.POST("/listings", h.createListing)
	v1.GET("/listings/:slug", h.cached(h.getListing))
	v1.PATCH("/listings/:slug", h.updateListing)
	v1.DELETE("/listings/:slug", h.deleteListing)

	v1.GET("/tags", h.cached(h.listTags))
	v1.POST("/tags", h.createTag)
	v1.GET("/tags/:slug", h.cached(h.getTag))
	v1.PATCH("/tags/:slug", h.updateTag)
	v1.DELETE("/tags/:slug", h.deleteTag)

	v1.GET("/authors", h.cached(h.listAuthors))
	v1.GET("/authors/:slug", h.cached(h.getAuthor))

	v1.GET("/users", h.listUsers)
	v1.POST("/users", h.createUser)
	v1.GET("/users/:id", h.getUser)
	v1.PATCH("/users/:id", h.updateUser)
	v1.DELETE("/users/:id", h.deleteUser)

	v1.GET("/webhooks", h.listWebhooks)
	v1.POST("/webhooks", h.createWebhook)
	v1.GET("/webhooks/:id", h.getWebhook)
	v1.PATCH("/webhooks/:id", h.updateWebhook)
	v1.DELETE("/webhooks/:id", h.deleteWebhook)
	v1.GET("/webhooks/:id/deliveries", h.listWebhookDeliveries)
}
