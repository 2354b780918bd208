# Keyward: one static binary with the console embedded.
FROM node:20-bookworm AS spa
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./frontend
COPY graph/schema ./graph/schema
RUN npm run build

FROM golang:1.26-bookworm AS server
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=spa /src/frontend/dist ./frontend/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /keyward ./server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=server /keyward /keyward
ENV KEYWARD_ADDR=:8080 \
    KEYWARD_DATABASE_URL=sqlite:/data/keyward.db
VOLUME /data
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/keyward"]
CMD ["serve"]
