package dovetail.graphql.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadableErrorsTest {

    @Test
    void anArgumentsValueIsWrittenAsGraphQlWritesIt() {
        assertThat(ReadableErrors.rewrite("Validation error (WrongType@[things]) : argument 'first' with value "
                + "'StringValue{value='ten'}' is not a valid 'Int' - Expected an AST type of 'IntValue' but it was a "
                + "'StringValue'"))
                .isEqualTo("Validation error (WrongType@[things]) : argument 'first' with value \"ten\" is not a "
                           + "valid 'Int' - Expected an integer but it was a string");
        assertThat(ReadableErrors.rewrite("Validation error (WrongType@[thing]) : argument 'id' with value "
                + "'BooleanValue{value=true}' is not a valid 'ID' - Expected an AST type of 'IntValue' or "
                + "'StringValue' but it was a 'BooleanValue'"))
                .isEqualTo("Validation error (WrongType@[thing]) : argument 'id' with value true is not a valid 'ID' "
                           + "- Expected an integer or a string but it was a boolean");
    }

    @Test
    void aCompositeValueIsLeftOutRatherThanShownAsClasses() {
        String rewritten = ReadableErrors.rewrite("Validation error (WrongType@[createThing]) : argument 'input' with "
                + "value 'ObjectValue{objectFields=[ObjectField{name='name', value=StringValue{value='x'}}]}' is "
                + "missing required fields '[foo]'");
        assertThat(rewritten).isEqualTo("Validation error (WrongType@[createThing]) : argument 'input' is missing "
                                        + "required fields '[foo]'");
    }

    @Test
    void aVariablesJavaTypeIsNamedAsAKindOfValue() {
        assertThat(ReadableErrors.rewrite("Variable 'first' has an invalid value: Expected a value that can be "
                + "converted to type 'Int' but it was a 'LinkedHashMap'"))
                .isEqualTo("Variable 'first' has an invalid value: Expected a value that can be converted to type "
                           + "'Int' but it was an object");
    }

    @Test
    void messagesWithoutClassNamesPassUnchanged() {
        String message = "Field 'nothing' in type 'Query' is undefined";
        assertThat(ReadableErrors.rewrite(message)).isEqualTo(message);
    }
}
