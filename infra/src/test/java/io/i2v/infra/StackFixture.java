package io.i2v.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/** Synthesises the real stack; the function zips are stand-in files, the worker folder is the real one. */
final class StackFixture {
    private StackFixture() {}

    static Template template(boolean nativeFunctions) {
        return Template.fromStack(stack(nativeFunctions));
    }

    /** The default (native functions) with the worker's backend {@code nemo} or {@code local}. */
    static Template template(String backend) {
        return Template.fromStack(stack(true, backend));
    }

    static I2vStack stack(boolean nativeFunctions) {
        return stack(nativeFunctions, "nemo");
    }

    static I2vStack stack(boolean nativeFunctions, String backend) {
        try {
            Path dir = Files.createTempDirectory("i2v-infra");
            Path zip = dir.resolve("function.zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                out.putNextEntry(new ZipEntry("bootstrap"));
                out.write("#!/bin/sh\n".getBytes());
                out.closeEntry();
            }
            Path worker = Path.of("..", "worker").toAbsolutePath().normalize();
            DeploymentOptions options = new DeploymentOptions(zip, zip, worker, nativeFunctions, 10, 7, 30, backend);
            return new I2vStack(new App(), "I2v", StackProps.builder().build(), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
