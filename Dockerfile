# Dovetail's production image. Build the jar first (no embedded engines in it):
#   mvn -Pproduction -pl app -am package -Dmaven.test.skip=true && docker build -t dovetail .
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 dovetail
WORKDIR /opt/dovetail
COPY app/target/dovetail-app-*-exec.jar dovetail.jar
USER dovetail
# logs as JSON (Elastic Common Schema) for a log collector; unset it to read them by eye.
# Memory: a 192 MB heap, the serial collector and the C1 compiler keep an instance under 512 MB resident under load
# and through a backfill and a full sync of 100,000 events (docs/benchmarks.md, "Cluster"; ClusterIT runs the jar with the same flags), so a 512 MB
# container limit holds. With more memory and cores to spare, raise -Xmx and drop -XX:TieredStopAtLevel=1: C2
# compiles the hot paths faster code, at some 100 MB more resident and a slower start.
ENV SERVER_ADDRESS=0.0.0.0 \
    LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs \
    JAVA_TOOL_OPTIONS="-Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Daxoniq.update-checker.disabled=true"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/dovetail/dovetail.jar"]
