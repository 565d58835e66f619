# rectd, built from this repository on Debian 12 with Debian's packages only.
FROM debian:12 AS build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      g++ cmake ninja-build pkg-config ccache curl \
      librocksdb-dev librdkafka-dev libboost1.81-dev nlohmann-json3-dev doctest-dev libjemalloc-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DRECT_BUILD_BENCH=OFF \
    && cmake --build build --target rectd

FROM debian:12
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      g++ cmake ninja-build pkg-config ccache curl \
      librocksdb-dev librdkafka-dev libboost1.81-dev nlohmann-json3-dev doctest-dev libjemalloc-dev \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/api/rectd /usr/local/bin/rectd
VOLUME /var/lib/rect
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/rectd"]
CMD ["--data-dir", "/var/lib/rect", "--listen", "0.0.0.0", "--port", "8080"]
