package dev.slipway.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of DESIGN.md and ADR 0001, checked on the compiled classes. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.slipway");
    }

    @Test
    void engineKnowsNothingOfCliExecutorsOrTransport() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.slipway.expr..",
                        "dev.slipway.workflow..",
                        "dev.slipway.plan..",
                        "dev.slipway.runtime..",
                        "dev.slipway.actions..",
                        "dev.slipway.run..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.slipway.cli..",
                        "dev.slipway.executor..",
                        "dev.slipway.server..",
                        "dev.slipway.agent..",
                        "java.sql..",
                        "javax.sql..",
                        "org.eclipse.jetty..",
                        "io.javalin..",
                        "java.net.http..")
                .check(classes);
    }

    @Test
    void executorsDependOnTheSpiOnly() {
        noClasses()
                .that()
                .resideInAPackage("dev.slipway.executor..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.slipway.runtime",
                        "dev.slipway.plan..",
                        "dev.slipway.workflow..",
                        "dev.slipway.expr..",
                        "dev.slipway.actions..",
                        "dev.slipway.run..",
                        "dev.slipway.cli..")
                .check(classes);
    }

    @Test
    void deploymentsKnowNothingOfTheEngineTheServerOrTheOtherSubsystems() {
        // DESIGN.md: deploy depends on common only (and its libraries); the server wires it in with listeners
        noClasses()
                .that()
                .resideInAPackage("dev.slipway.deploy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.slipway.server..",
                        "dev.slipway.executor..",
                        "dev.slipway.runtime..",
                        "dev.slipway.plan..",
                        "dev.slipway.workflow..",
                        "dev.slipway.expr..",
                        "dev.slipway.git..",
                        "dev.slipway.registry..",
                        "dev.slipway.agent..",
                        "dev.slipway.cli..",
                        "java.sql..")
                .check(classes);
    }

    @Test
    void agentsKnowOnlyTheProtocolOfTheServer() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.slipway.agent..", "dev.slipway.protocol..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.slipway.server..", "dev.slipway.cli..", "dev.slipway.executor..", "java.sql..")
                .check(classes);
    }

    @Test
    void planIsPure() {
        noClasses()
                .that()
                .resideInAPackage("dev.slipway.plan..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.slipway.runtime..", "dev.slipway.actions..", "java.nio.file..")
                .check(classes);
    }

    @Test
    void expressionsDependOnCommonOnly() {
        noClasses()
                .that()
                .resideInAPackage("dev.slipway.expr..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.slipway.workflow..", "dev.slipway.plan..", "dev.slipway.runtime..", "org.snakeyaml..")
                .check(classes);
    }

    @Test
    void builtinActionsKnowNoExpressionsOrExecutors() {
        noClasses()
                .that()
                .resideInAPackage("dev.slipway.actions..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.slipway.expr..", "dev.slipway.runtime..", "dev.slipway.workflow..")
                .check(classes);
    }
}
