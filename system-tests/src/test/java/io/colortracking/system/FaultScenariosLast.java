package io.colortracking.system;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the fault scenarios ({@code *FaultIT}) after every other system test, by name within each
 * part: their shared {@link FaultPlatform} (a broker, a database, five services) then never runs
 * beside the other tests' platforms, and goes away with the JVM right after them.
 */
public class FaultScenariosLast implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors()
                .sort(Comparator.comparing((org.junit.jupiter.api.ClassDescriptor c) ->
                                c.getTestClass().getSimpleName().endsWith("FaultIT"))
                        .thenComparing(c -> c.getTestClass().getSimpleName()));
    }
}
