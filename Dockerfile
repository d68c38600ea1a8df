# Dovetail's production image. Build the jar first (no embedded engines in it):
#   mvn -Pproduction -pl app -am package -Dmaven.test.skip=true && docker build -t dovetail .
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 dovetail
WORKDIR /opt/dovetail
COPY app/target/dovetail-app-*-exec.jar dovetail.jar
USER dovetail
# logs as JSON (Elastic Common Schema) for a log collector; unset it to read them by eye
ENV SERVER_ADDRESS=0.0.0.0 \
    LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Daxoniq.update-checker.disabled=true"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/dovetail/dovetail.jar"]
