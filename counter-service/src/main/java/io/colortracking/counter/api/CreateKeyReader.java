package io.colortracking.counter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/**
 * Reads the body of {@code POST /v1/keys} into a {@link CreateKeyRequest} as it is (no field the
 * record lacks, no scalar coerced to another type) and checks it with Hibernate Validator. A body
 * that fails either is refused with one message naming the field to fix.
 */
@Singleton
public class CreateKeyReader {

    /** Why a create request was refused, as told to the client (a 400 problem's detail). */
    public static class Refused extends Exception {
        Refused(String detail) {
            super(detail, null, false, false);
        }
    }

    private final Validator validator;
    private final ObjectMapper strict = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(
                    LogicalType.Textual,
                    text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    public CreateKeyReader(Validator validator) {
        this.validator = validator;
    }

    public CreateKeyRequest read(JsonNode body) throws Refused {
        if (body == null || !body.isObject()) {
            throw new Refused("The body must be a JSON object with at least \"name\"");
        }
        CreateKeyRequest request;
        try {
            request = strict.treeToValue(body, CreateKeyRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new Refused("Unknown field '" + e.getPropertyName() + "'; allowed: " + CreateKeyRequest.FIELDS);
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty()
                    ? "the body"
                    : "'" + e.getPath().get(0).getFieldName() + "'";
            throw new Refused(field + " has the wrong type: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new Refused("The body could not be read: " + e.getOriginalMessage());
        }
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new Refused(violations.stream()
                    .map(ConstraintViolation::getMessage)
                    .sorted()
                    .findFirst()
                    .orElseThrow());
        }
        return request;
    }
}
