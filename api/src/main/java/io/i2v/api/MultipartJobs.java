package io.i2v.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.error.JsonInputErrors;
import io.i2v.core.intake.ImageSource;
import io.i2v.core.intake.IntakeCommand;
import io.i2v.core.job.JobOptions;
import io.i2v.core.job.JobSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Reads a multipart job submission: one or more {@code image} files, {@code prompt}, {@code options} (JSON). */
@ApplicationScoped
public class MultipartJobs {
    private final ObjectMapper json;

    public MultipartJobs(ObjectMapper json) {
        this.json = json;
    }

    IntakeCommand toCommand(
            List<FileUpload> files, String prompt, String options, String identity, String owner, String webhookUrl) {
        List<ImageSource> images = new ArrayList<>();
        for (FileUpload f : files == null ? List.<FileUpload>of() : files) {
            try {
                images.add(new ImageSource.Inline(f.fileName(), Files.readAllBytes(f.uploadedFile())));
            } catch (IOException e) {
                throw new I2vException(ErrorCode.INVALID_REQUEST, "could not read uploaded file " + f.fileName());
            }
        }
        return new IntakeCommand(
                JobSource.HTTP, prompt, images, options(options), identity, owner, null, null, webhookUrl);
    }

    private JobOptions options(String text) {
        if (text == null || text.isBlank()) {
            return JobOptions.none();
        }
        try {
            return json.readValue(text, JobOptions.class);
        } catch (JsonProcessingException e) {
            throw JsonInputErrors.describe(e, "the \"options\" part", "options.");
        } catch (IOException e) {
            throw new I2vException(ErrorCode.INVALID_REQUEST, "the \"options\" part could not be read");
        }
    }
}
