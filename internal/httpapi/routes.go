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
	e.GET("/feed.xml", h.feedRSS)
	e.GET("/feed.atom", h.feedAtom)
	e.GET("/feed.json", h.feedJSON)

	v1 := e.Group("/v1")
	v1.POST("/auth/login", h.login)
	v1.GET("/me", h.me)
	v1.POST("/auth/tokens", h.createToken)
	v1.GET("/auth/tokens", h.listTokens)
	v1.DELETE("/auth/tokens/:id", h.revokeToken)

	v1.GET("/posts", h.listPosts)
	v1.POST("/posts", h.createPost)
	v1.GET("/posts/:id", h.getPost)
	v1.PATCH("/posts/:id", h.updatePost)
	v1.DELETE("/posts/:id", h.deletePost)
	v1.GET("/posts/:id/related", h.relatedPosts)
	v1.GET("/posts/:id/revisions", h.listRevisions)
	v1.GET("/posts/:id/revisions/:version", h.getRevision)
	v1.POST("/posts/:id/revisions/:version/restore", h.restoreRevision)
	v1.GET("/events", h.listEvents)
	v1.GET("/events/stream", h.streamEvents)
	v1.GET("/archive", h.archive)

	v1.GET("/listings", h.listListings)
	v1.POST("/listings", h.createListing)
	v1.GET("/listings/:slug", h.getListing)
	v1.PATCH("/listings/:slug", h.updateListing)
	v1.DELETE("/listings/:slug", h.deleteListing)

	v1.GET("/tags", h.listTags)
	v1.POST("/tags", h.createTag)
	v1.GET("/tags/:slug", h.getTag)
	v1.PATCH("/tags/:slug", h.updateTag)
	v1.DELETE("/tags/:slug", h.deleteTag)

	v1.GET("/authors", h.listAuthors)
	v1.GET("/authors/:slug", h.getAuthor)

	v1.GET("/users", h.listUsers)
	v1.POST("/users", h.createUser)
	v1.GET("/users/:id", h.getUser)
	v1.PATCH("/users/:id", h.updateUser)
	v1.DELETE("/users/:id", h.deleteUser)
}
